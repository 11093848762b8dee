package dev.berth.registry;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.storage.BlobUpload;
import dev.berth.storage.ByteSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UploadDigestsTest {
    private final UploadDigests digests = new UploadDigests();

    @Test
    void positioned_emptyUpload_freshDigestWithoutReadingTheStore() {
        MemoryUpload upload = new MemoryUpload("empty");

        MessageDigest digest = digests.positioned(upload, DigestAlgorithm.SHA256);

        assertThat(upload.reads).isZero();
        assertThat(Digest.of(DigestAlgorithm.SHA256, digest.digest())).isEqualTo(Digest.sha256(new byte[0]));
    }

    @Test
    void positioned_bytesStoredButNoState_rereadsThemOnce_thenContinuesFromTheState() {
        MemoryUpload upload = new MemoryUpload("restarted");
        upload.bytes.writeBytes(utf8("stored before a restart, "));

        MessageDigest first = digests.positioned(upload, DigestAlgorithm.SHA256);
        byte[] more = utf8("appended after it");
        first.update(more);
        upload.bytes.writeBytes(more);
        digests.advanced(upload.id(), DigestAlgorithm.SHA256, first, upload.size());

        assertThat(upload.reads).isEqualTo(1);
        assertThat(digests.finish(upload, DigestAlgorithm.SHA256))
                .isEqualTo(Digest.sha256(utf8("stored before a restart, appended after it")));
        assertThat(upload.reads).isEqualTo(1);
    }

    @Test
    void positioned_stateBehindTheStoredBytes_isRebuiltFromThem() {
        MemoryUpload upload = new MemoryUpload("failed-append");
        MessageDigest stale = digests.positioned(upload, DigestAlgorithm.SHA256);
        digests.advanced(upload.id(), DigestAlgorithm.SHA256, stale, 0);
        upload.bytes.writeBytes(utf8("bytes the state never saw"));

        assertThat(digests.finish(upload, DigestAlgorithm.SHA256))
                .isEqualTo(Digest.sha256(utf8("bytes the state never saw")));
        assertThat(upload.reads).isEqualTo(1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Stored bytes in memory; counts how often they are read back. */
    private static final class MemoryUpload implements BlobUpload {
        private final String id;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int reads;

        MemoryUpload(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public long size() {
            return bytes.size();
        }

        @Override
        public long append(ByteSource source, ChunkObserver observer) {
            long total = 0;
            try {
                for (Optional<ByteBuffer> next = source.next(); next.isPresent(); next = source.next()) {
                    ByteBuffer buffer = next.get();
                    observer.accept(buffer.duplicate());
                    byte[] copy = new byte[buffer.remaining()];
                    buffer.get(copy);
                    bytes.writeBytes(copy);
                    total += copy.length;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return total;
        }

        @Override
        public InputStream readAll() {
            reads++;
            return new ByteArrayInputStream(bytes.toByteArray());
        }

        @Override
        public void commit(Digest digest) {
        }

        @Override
        public void cancel() {
        }
    }
}
