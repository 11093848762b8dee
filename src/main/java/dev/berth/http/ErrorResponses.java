package dev.berth.http;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place errors become HTTP: the spec's JSON body {@code {"errors":[{"code","message","detail"}]}} with the
 * status the exception carries. Server-side failures never reveal their message: clients get a generic text and
 * the request id to quote.
 */
public final class ErrorResponses {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorResponses() {
    }

    public static byte[] body(RegistryException e, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().name());
        if (e.isServerError()) {
            error.put("message", e.code().defaultMessage() + " (request id " + requestId + ")");
        } else {
            error.put("message", e.getMessage());
            e.detail().ifPresent(d -> error.put("detail", d));
        }
        return JSON.writeValueAsBytes(Map.of("errors", List.of(error)));
    }

    /** A body for a status Jetty produced itself (malformed request line, headers too large…). */
    public static byte[] bodyForStatus(int status, String message) {
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.DENIED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.UNSUPPORTED;
            case 413 -> ErrorCode.SIZE_INVALID;
            case 416 -> ErrorCode.RANGE_INVALID;
            case 429 -> ErrorCode.TOOMANYREQUESTS;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.UNKNOWN : ErrorCode.BAD_REQUEST;
        };
        String text = status >= 500 ? code.defaultMessage() : message;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", text);
        return JSON.writeValueAsBytes(Map.of("errors", List.of(error)));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
