package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.storage.BlobStore;
import dev.berth.storage.s3.S3BlobStore;
import dev.berth.testing.OciClient;
import dev.berth.testing.RegistryExtension;
import dev.berth.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Blob GETs over an S3 store with presigned redirects: 307 to the object store, ranges served by Berth. */
class BlobRedirectTest {
    static S3ProxyServer s3;
    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.start()
            .withBlobStore(dataDir -> redirectingStore())
            .afterClose(() -> s3.close());
    static final OciClient client = registry.client();

    private static BlobStore redirectingStore() {
        s3 = S3ProxyServer.startTransient();
        s3.createBucket("redirects");
        return new S3BlobStore(s3.settings("redirects").withPresignedRedirects(true, Duration.ofMinutes(5)));
    }

    @Test
    void blobGet_withRedirectsOn_answers307ToAFetchablePresignedUrl() throws Exception {
        byte[] content = "layer bytes behind a redirect".getBytes(StandardCharsets.UTF_8);
        Digest digest = client.pushBlob("app", content);

        HttpResponse<byte[]> r = client.get("/v2/app/blobs/" + digest);

        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
        // Closed right after, so no kept-alive connection delays S3Proxy's graceful stop.
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> direct = http.send(HttpRequest.newBuilder(location).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(direct.statusCode()).isEqualTo(200);
            assertThat(direct.body()).isEqualTo(content);
        }
    }

    @Test
    void blobGet_withRange_isServedByBerth() {
        byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
        Digest digest = client.pushBlob("app", content);

        HttpResponse<byte[]> r = client.get("/v2/app/blobs/" + digest, "Range", "bytes=2-4");

        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("234");
    }

    @Test
    void blobGet_notLinkedToRepository_is404WithoutRedirect() {
        Digest digest = client.pushBlob("other", "private bytes".getBytes(StandardCharsets.UTF_8));

        HttpResponse<byte[]> r = client.get("/v2/app/blobs/" + digest);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }
}
