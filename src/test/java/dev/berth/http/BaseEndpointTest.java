package dev.berth.http;

import dev.berth.testing.OciClient;
import dev.berth.testing.RawHttp;
import dev.berth.testing.RegistryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v2/, health probes, and the answers for requests no route accepts: all JSON, never HTML. */
class BaseEndpointTest {
    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.start();
    static final OciClient client = registry.client();

    @Test
    void base_get_answers200WithApiVersionHeader() {
        var r = client.get("/v2/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(OciClient.text(r)).isEqualTo("{}");
    }

    @Test
    void base_withoutTrailingSlash_answers200() {
        assertThat(client.get("/v2").statusCode()).isEqualTo(200);
    }

    @Test
    void health_probes_answerOk() {
        assertThat(client.get("/healthz").statusCode()).isEqualTo(200);
        var ready = client.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(OciClient.text(ready)).contains("ready");
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /, 404, NOT_FOUND",
            "GET, /index.html, 404, NOT_FOUND",
            "GET, /v2/foo/bar, 404, NOT_FOUND",
            "GET, /v2/foo/unknown/thing, 404, NOT_FOUND",
            "POST, /v2/, 405, UNSUPPORTED",
            "PUT, /v2/_catalog, 405, UNSUPPORTED",
            "POST, /v2/foo/manifests/latest, 405, UNSUPPORTED",
            "PATCH, /v2/foo/blobs/sha256:aaaa, 405, UNSUPPORTED",
            "GET, /v2/Foo/manifests/latest, 400, NAME_INVALID",
            "GET, /v2/foo/../bar/manifests/latest, 400, NAME_INVALID",
            "GET, /v2/foo/blobs/sha256:zz, 400, DIGEST_INVALID",
            "GET, /v2/foo/blobs/md5:d41d8cd98f00b204e9800998ecf8427e, 400, DIGEST_INVALID",
    })
    void unroutable_requests_answerJsonErrors(String method, String path, int status, String code) {
        String response = RawHttp.exchange(registry.port(), method + " " + path + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n", new byte[0], true);
        assertThat(response).startsWith("HTTP/1.1 " + status);
        assertThat(response).contains("Content-Type: application/json");
        assertThat(response).contains("\"code\":\"" + code + "\"");
        assertThat(response).doesNotContain("<html");
    }

    @Test
    void nameLongerThan255_isNameInvalid() {
        String name = "a".repeat(256);
        var r = client.get("/v2/" + name + "/tags/list");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(OciClient.text(r)).contains("NAME_INVALID");
    }

    @Test
    void tlsHelloOnPlainPort_getsHttp400StatusLine() {
        byte[] hello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
        String answer = RawHttp.raw(registry.port(), hello);
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).doesNotContain("<html");
    }

    @Test
    void serverErrorsDoNotLeakDetails() {
        var r = client.get("/v2/foo/manifests/" + "a".repeat(129));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("TAG_INVALID").doesNotContain("Exception");
    }
}
