package dev.berth.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * java.net.http over HTTP/1.1 against one server on 127.0.0.1. Transport failures stay {@link IOException}s:
 * crash and disconnect tests expect them and must tell them apart from answers.
 */
final class LoopbackHttp implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final int port;

    LoopbackHttp(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, HttpRequest.BodyPublisher body, String... headers)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20))
                .method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String... headers) throws IOException {
        return send(method, pathAndQuery, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    HttpResponse<byte[]> get(String pathAndQuery) throws IOException {
        return send("GET", pathAndQuery, HttpRequest.BodyPublishers.noBody());
    }

    HttpResponse<byte[]> head(String pathAndQuery) throws IOException {
        return send("HEAD", pathAndQuery, HttpRequest.BodyPublishers.noBody());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static String header(HttpResponse<byte[]> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
