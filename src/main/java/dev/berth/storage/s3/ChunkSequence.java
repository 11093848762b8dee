package dev.berth.storage.s3;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The bytes of an upload's chunks one after the other, opening each chunk object only when the previous one is
 * used up, so re-reading an upload holds one connection and no buffer of its own. A chunk that vanished meanwhile
 * (the upload was cancelled or committed elsewhere) fails the read with {@code BLOB_UPLOAD_UNKNOWN}.
 */
final class ChunkSequence extends InputStream {
    private final Bucket bucket;
    private final List<Chunk> chunks;
    private int next;
    private InputStream current = InputStream.nullInputStream();

    ChunkSequence(Bucket bucket, List<Chunk> chunks) {
        this.bucket = bucket;
        this.chunks = List.copyOf(chunks);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            int n = current.read(target, offset, length);
            if (n >= 0) {
                return n;
            }
            if (next == chunks.size()) {
                return -1;
            }
            current.close();
            Chunk chunk = chunks.get(next++);
            current = bucket.get(chunk.key()).map(InputStream.class::cast).orElseThrow(() ->
                    RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "chunk " + chunk.key() + " disappeared"));
        }
    }

    @Override
    public void close() throws IOException {
        current.close();
        next = chunks.size();
    }
}
