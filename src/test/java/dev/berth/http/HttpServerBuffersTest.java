package dev.berth.http;

import dev.berth.testing.TestCertificates;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/1.1 connections read requests through the large input buffers, over plain HTTP and over TLS alike. */
class HttpServerBuffersTest {
    @TempDir
    Path dir;

    @Test
    void plainListener_http1ReadsThroughLargeInputBuffers() {
        try (TestRegistry registry = TestRegistry.start(dir.resolve("data"), Optional.empty(), HttpAuth.open())) {
            assertThat(registry.server().http1InputBufferSize()).isEqualTo(RequestInputBuffers.LARGE);
        }
    }

    @Test
    void tlsListener_http1KeepsLargeInputBuffers_althoughHttp2SetsItsOwnSize() throws Exception {
        TestCertificates.Issued issued = TestCertificates.selfSigned(dir, "ec", "EC");
        issued.writeTo(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        TlsSettings tls = new TlsSettings(dir.resolve("cert.pem"), dir.resolve("key.pem"), Duration.ofMinutes(10));

        try (TestRegistry registry = TestRegistry.start(dir.resolve("data"), Optional.of(tls), HttpAuth.open())) {
            assertThat(registry.server().isTls()).isTrue();
            assertThat(registry.server().http1InputBufferSize()).isEqualTo(RequestInputBuffers.LARGE);
        }
    }
}
