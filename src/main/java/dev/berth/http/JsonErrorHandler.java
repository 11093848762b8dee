package dev.berth.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Errors Jetty answers by itself (malformed request line, ambiguous URI, headers too large, bad message) get the
 * same JSON error body as everything else, never Jetty's HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() > 0 ? response.getStatus() : 500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        String text = message instanceof String s && !s.isBlank() ? s : "request rejected";
        byte[] body = ErrorResponses.bodyForStatus(status, text);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        response.write(true, "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body),
                callback);
        return true;
    }
}
