package dev.berth.http;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One request and its response, with the few operations the endpoint classes need. Keeps Jetty's API in one
 * place so endpoints read as parse → core call → write. Runs on a virtual thread, so writes block.
 */
final class Exchange {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long DRAIN_AFTER_REJECT = 64 * 1024;
    private final Request request;
    private final Response response;
    private final Route route;
    private final String requestId;
    private Fields query;

    Exchange(Request request, Response response, Route route, String requestId) {
        this.request = request;
        this.response = response;
        this.route = route;
        this.requestId = requestId;
    }

    Route route() {
        return route;
    }

    String method() {
        return request.getMethod();
    }

    boolean isHead() {
        return "HEAD".equals(request.getMethod());
    }

    String requestId() {
        return requestId;
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(queryFields().getValue(name));
    }

    List<String> queryAll(String name) {
        List<String> values = queryFields().getValues(name);
        return values == null ? List.of() : values;
    }

    boolean hasQuery(String name) {
        return queryFields().get(name) != null;
    }

    /** The {@code n} parameter of listings; a non-number is {@code PAGINATION_NUMBER_INVALID}. */
    OptionalInt pageSize() {
        Optional<String> n = query("n");
        if (n.isEmpty() || n.get().isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(n.get()));
        } catch (NumberFormatException e) {
            throw RegistryException.withDetail(ErrorCode.PAGINATION_NUMBER_INVALID, "n must be a number", n.get());
        }
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** All values of a list-valued header such as If-Match, split on commas, quotes removed. */
    List<String> headerTokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            if (field.is(name)) {
                for (String part : field.getValue().split(",")) {
                    String t = part.trim();
                    if (t.startsWith("W/")) {
                        t = t.substring(2);
                    }
                    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                        t = t.substring(1, t.length() - 1);
                    }
                    if (!t.isEmpty()) {
                        tokens.add(t);
                    }
                }
            }
        }
        return tokens;
    }

    /** Content-Length of the request, when the client declared one. */
    OptionalLong contentLength() {
        long length = request.getLength();
        return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
    }

    /** True when the request may carry body bytes (a declared length above zero, or chunked transfer encoding). */
    boolean hasBody() {
        long length = request.getLength();
        return length > 0 || (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    /** The Content-Type without parameters. */
    Optional<String> contentType() {
        return header("Content-Type").map(v -> {
            int semi = v.indexOf(';');
            return (semi >= 0 ? v.substring(0, semi) : v).trim();
        }).filter(v -> !v.isEmpty());
    }

    InputStream body() {
        return Content.Source.asInputStream(request);
    }

    /** The body as buffers read in place (for blob bytes); the caller closes it to release the last one. */
    RequestBody bodySource() {
        return new RequestBody(request);
    }

    /** Reads the whole body, refusing (413) anything over {@code limit} bytes without reading past it. */
    byte[] bodyUpTo(long limit, java.util.function.Supplier<RegistryException> tooLarge) {
        OptionalLong declared = contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw tooLarge.get();
        }
        try (InputStream in = body()) {
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > limit) {
                // Read a little more so a client still sending sees the 413 rather than a reset connection.
                in.skipNBytes(Math.min(DRAIN_AFTER_REJECT, Math.max(0, in.available())));
                throw tooLarge.get();
            }
            return bytes;
        } catch (IOException e) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST, "request body could not be read");
        }
    }

    void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    void addHeader(String name, String value) {
        response.getHeaders().add(name, value);
    }

    void status(int status) {
        response.setStatus(status);
    }

    /** Sends a response without a body (201, 202, 204, 304…). */
    void send(int status) {
        response.setStatus(status);
        if (status != 204 && status != 304) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        }
        write(ByteBuffer.allocate(0));
    }

    /** Sends bytes with their type; HEAD sends the same headers and no body. */
    void send(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        write(isHead() ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body));
    }

    /** Answers a HEAD: the headers of the full response, including its real length, and no body. */
    void sendHeadersOnly(int status, String contentType, long length) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        write(ByteBuffer.allocate(0));
    }

    void sendJson(int status, Object value) {
        send(status, "application/json", JSON.writeValueAsBytes(value));
    }

    Response response() {
        return response;
    }

    Request request() {
        return request;
    }

    private void write(ByteBuffer buffer) {
        try {
            Content.Sink.write(response, true, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Fields queryFields() {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return query;
    }
}
