package dev.berth.testing;

import dev.berth.domain.Digest;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;
import dev.berth.storage.s3.S3BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class S3ProxyServerTest {
    @TempDir
    Path directory;

    @Test
    void filesystemBackend_restartedOnSameDirectory_keepsBucketAndBlobs() throws IOException {
        byte[] content = "kept across a restart".getBytes();
        Digest digest = Digest.sha256(content);
        try (S3ProxyServer first = S3ProxyServer.startFilesystem(directory);
             BlobStore store = new S3BlobStore(first.settings("berth-fs"))) {
            first.createBucket("berth-fs");
            BlobUpload upload = store.createUpload("u1");
            upload.append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);
            upload.commit(digest);
        }

        try (S3ProxyServer second = S3ProxyServer.startFilesystem(directory);
             BlobStore store = new S3BlobStore(second.settings("berth-fs"));
             BlobContent read = store.read(digest, 0, content.length)) {
            assertThat(second.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(((BlobContent.Stream) read).stream().readAllBytes()).isEqualTo(content);
        }
    }
}
