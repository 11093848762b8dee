package dev.berth.storage.fs;

import dev.berth.domain.Digest;
import dev.berth.storage.BlobUpload;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * A child process for the crash test: pushes, re-pushes and cancels blobs of up to 8 MiB into a
 * {@link FileBlobStore} until it is killed. Content is one random buffer with a counter in front, so most of the
 * time goes to storing bytes rather than making them.
 */
public final class CommitLoop {
    private static final int MAX_SIZE = 8 * 1024 * 1024;

    private CommitLoop() {
    }

    public static void main(String[] args) {
        FileBlobStore store = new FileBlobStore(Path.of(args[0]));
        String run = args[1];
        Random random = new Random();
        byte[] pool = new byte[MAX_SIZE];
        random.nextBytes(pool);
        for (long n = 0; ; n++) {
            ByteBuffer.wrap(pool).putLong(n).putLong(random.nextLong());
            int size = Long.BYTES * 2 + random.nextInt(MAX_SIZE - Long.BYTES * 2);
            String id = run + "-" + n;
            BlobUpload upload = store.createUpload(id);
            upload.append(new ByteArrayInputStream(pool, 0, size), BlobUpload.ChunkObserver.NONE);
            Digest digest = Digest.sha256(Arrays.copyOf(pool, size));
            if (n % 5 == 0) {
                upload.cancel();
                continue;
            }
            upload.commit(digest);
            if (n % 5 == 1) {
                BlobUpload again = store.createUpload(id + "-again");
                again.append(new ByteArrayInputStream(pool, 0, size), BlobUpload.ChunkObserver.NONE);
                again.commit(digest);
            }
        }
    }
}
