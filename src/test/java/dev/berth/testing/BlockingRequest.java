package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One request over java.net.http, waited for with its whole body, for the test clients: a transport failure becomes
 * an {@link UncheckedIOException}, an interrupt an {@link IllegalStateException} (with the flag kept).
 */
public final class BlockingRequest {
    private BlockingRequest() {
    }

    /** Sends {@code body} ({@code null} for none) with {@code headers} as name, value, name, value… */
    public static HttpResponse<byte[]> send(HttpClient http, URI uri, Duration timeout, String method, byte[] body,
                                            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
