package dev.berth.storage.s3;

import dev.berth.domain.ErrorCode;
import dev.berth.storage.BlobStore;
import dev.berth.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

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
}
