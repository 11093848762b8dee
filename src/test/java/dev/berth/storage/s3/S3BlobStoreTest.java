package dev.berth.storage.s3;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;
import dev.berth.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 store against S3Proxy running in this JVM (in-memory backend, S3's real part-size rule), plus the
 * retry behaviour against a scripted endpoint.
 */
class S3BlobStoreTest extends S3BlobStoreSuite {
    private static final String BUCKET = "berth-blobs";
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.startTransient();
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected S3Settings baseSettings() {
        return server.settings(BUCKET);
    }

    @Override
    protected S3Client admin() {
        return server.admin();
    }

    @Test
    void read_endpointThrottlesTwice_retriedAndSucceeds() {
        byte[] body = "0123456789".getBytes();
        try (ScriptedEndpoint endpoint = new ScriptedEndpoint(2, body);
             BlobStore throttled = new S3BlobStore(settingsFor(endpoint, 3))) {
            Digest digest = Digest.sha256(body);

            assertThat(read(throttled, digest, body.length)).isEqualTo(body);
            assertThat(endpoint.requests()).hasSize(3).allMatch(r -> r.startsWith("GET /" + BUCKET + "/"));
        }
    }

    @Test
    void read_endpointKeepsThrottling_givesUpAfterMaxAttemptsAsUnavailable() {
        try (ScriptedEndpoint endpoint = new ScriptedEndpoint(Integer.MAX_VALUE, new byte[1]);
             BlobStore throttled = new S3BlobStore(settingsFor(endpoint, 4))) {
            Digest digest = Digest.sha256("x".getBytes());

            assertCode(() -> throttled.read(digest, 0, 1), ErrorCode.UNAVAILABLE);
            assertThat(endpoint.requests()).hasSize(4);
        }
    }

    @Test
    void append_checksumsOff_multipartChunkAndCommitStillWork() {
        store = reopenWith(settings().withChecksums(false).withPartSize(5 * MIB));
        byte[] content = randomBytes(110, 11 * MIB + 5);
        BlobUpload upload = store.createUpload(newUploadId());
        upload.append(new ByteArrayInputStream(content, 0, 100), BlobUpload.ChunkObserver.NONE);
        upload.append(new ByteArrayInputStream(content, 100, content.length - 100), BlobUpload.ChunkObserver.NONE);
        Digest digest = Digest.compute(DigestAlgorithm.SHA512, content);

        upload.commit(digest);

        assertThat(read(digest, 0, content.length)).isEqualTo(content);
    }

    private S3Settings settingsFor(ScriptedEndpoint endpoint, int attempts) {
        return settings().withEndpoint(endpoint.uri(), true)
                .withRetry(new S3Retry(attempts, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private static byte[] read(BlobStore from, Digest digest, int length) {
        try (BlobContent content = from.read(digest, 0, length)) {
            return ((BlobContent.Stream) content).stream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
