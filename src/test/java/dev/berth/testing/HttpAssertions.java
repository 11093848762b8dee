package dev.berth.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on registry responses: the spec's JSON error body, JSON bodies, single headers. */
public final class HttpAssertions {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpAssertions() {
    }

    /** Asserts the status and that the body is the spec's error JSON whose first error has {@code code}. */
    public static void assertError(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as("status of %s", response.request().uri()).isEqualTo(status);
        assertThat(header(response, "Content-Type")).isEqualTo("application/json");
        assertThat(header(response, "Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
        if (response.request().method().equals("HEAD")) {
            assertThat(response.body()).isEmpty();
            return;
        }
        JsonNode errors = json(response).path("errors");
        assertThat(errors.isArray()).as("errors array in %s", OciClient.text(response)).isTrue();
        assertThat(errors.get(0).path("code").stringValue()).as(OciClient.text(response)).isEqualTo(code);
        assertThat(errors.get(0).path("message").stringValue()).isNotBlank();
    }

    public static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** The only value of a response header; fails when it is missing. */
    public static String header(HttpResponse<byte[]> response, String name) {
        assertThat(response.headers().allValues(name)).as("header %s", name).hasSize(1);
        return response.headers().firstValue(name).orElseThrow();
    }
}
