package dev.berth.storage.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake S3 endpoint on 127.0.0.1 that answers the first {@code failures} requests with 503 SlowDown and every later
 * GET with a fixed 206 body, recording each request line. Enough to watch the client's retries.
 */
final class ScriptedEndpoint implements AutoCloseable {
    private static final String SLOW_DOWN = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
            + "<Message>Please reduce your request rate.</Message><RequestId>1</RequestId></Error>";

    private final HttpServer server;
    private final AtomicInteger remainingFailures;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final byte[] body;

    ScriptedEndpoint(int failures, byte[] body) {
        this.remainingFailures = new AtomicInteger(failures);
        this.body = body.clone();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        exchange.getRequestBody().readAllBytes();
        if (remainingFailures.getAndDecrement() > 0) {
            byte[] error = SLOW_DOWN.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(503, error.length);
            exchange.getResponseBody().write(error);
        } else {
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().add("Content-Range", "bytes 0-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
