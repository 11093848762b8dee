package dev.berth.http.tls;

import dev.berth.http.HttpAuth;
import dev.berth.http.TlsSettings;
import dev.berth.testing.TestCertificates;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** HTTPS from PEM files: HTTP/2 by ALPN, HTTP/1.1 too, and a renewed certificate served without a restart. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsListenerTest {
    @TempDir
    static Path certificates;
    static TestCertificates.Issued rsa;
    static TestCertificates.Issued ec;
    static TestCertificates.Issued otherEc;

    @TempDir
    Path dir;
    private TestRegistry registry;

    @BeforeAll
    static void makeCertificates() throws Exception {
        rsa = TestCertificates.selfSigned(certificates, "rsa", "RSA");
        ec = TestCertificates.selfSigned(certificates, "ec", "EC");
        otherEc = TestCertificates.selfSigned(certificates, "other", "EC");
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void https_http2AndHttp1_bothServed() throws Exception {
        TestCertificates.Issued first = ec;
        start(first, Duration.ofMinutes(10));

        HttpResponse<String> h2 = client(first.certificate(), HttpClient.Version.HTTP_2).send(
                HttpRequest.newBuilder(uri("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> h1 = client(first.certificate(), HttpClient.Version.HTTP_1_1).send(
                HttpRequest.newBuilder(uri("/v2/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(h2.statusCode()).isEqualTo(200);
        assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(h2.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
        assertThat(h1.statusCode()).isEqualTo(200);
        assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void https_bigBlobPulledOverHttp2AndHttp1_exactBytes() throws Exception {
        start(ec, Duration.ofMinutes(10));
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(3).nextBytes(content);
        dev.berth.domain.Digest digest = dev.berth.domain.Digest.sha256(content);
        HttpResponse<String> pushed = client(ec.certificate(), HttpClient.Version.HTTP_1_1).send(
                HttpRequest.newBuilder(uri("/v2/tls/big/blobs/uploads/?digest=" + digest))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).isEqualTo(201);

        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpResponse<byte[]> pulled = client(ec.certificate(), version).send(
                    HttpRequest.newBuilder(uri("/v2/tls/big/blobs/" + digest)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pulled.version()).isEqualTo(version);
            assertThat(pulled.body()).isEqualTo(content);
        }
    }

    @Test
    void replacedFiles_newConnectionsGetTheNewCertificate() throws Exception {
        TestCertificates.Issued first = rsa;
        TestCertificates.Issued second = ec;
        start(first, Duration.ofMillis(200));
        assertThat(served(first.certificate())).isEqualTo(200);

        second.writeTo(dir.resolve("cert.pem"), dir.resolve("key.pem"));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(served(second.certificate())).isEqualTo(200));
        assertThat(servedOrFailure(first.certificate())).isEqualTo(-1);
    }

    @Test
    void brokenReplacement_keepsServingTheOldCertificate() throws Exception {
        TestCertificates.Issued first = ec;
        TestCertificates.Issued other = otherEc;
        start(first, Duration.ofMinutes(10));

        // A key that belongs to another certificate, as when a renewal has written only one of the two files.
        Files.writeString(dir.resolve("key.pem"), other.keyPem());

        assertThat(registry.server().reloadCertificate()).isFalse();
        assertThat(served(first.certificate())).isEqualTo(200);

        Files.writeString(dir.resolve("cert.pem"), other.certificatePem());
        assertThat(registry.server().reloadCertificate()).isTrue();
        assertThat(served(other.certificate())).isEqualTo(200);
    }

    private void start(TestCertificates.Issued issued, Duration poll) throws Exception {
        issued.writeTo(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        registry = TestRegistry.start(dir.resolve("data"),
                Optional.of(new TlsSettings(dir.resolve("cert.pem"), dir.resolve("key.pem"), poll)), HttpAuth.open());
    }

    private int served(X509Certificate trusted) throws Exception {
        return client(trusted, HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(uri("/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int servedOrFailure(X509Certificate trusted) {
        try {
            return served(trusted);
        } catch (Exception handshakeRefused) {
            return -1;
        }
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + registry.port() + path);
    }

    /** A fresh client (no pooled connection) trusting exactly {@code trusted}. */
    private static HttpClient client(X509Certificate trusted, HttpClient.Version version) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", trusted);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(version).connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
