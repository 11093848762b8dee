package dev.berth.domain;

import java.util.Map;
import java.util.Optional;

/**
 * The one error type of Berth. Core, storage and metadata throw it; the HTTP layer writes it as the spec's JSON
 * error body. {@code status} is the HTTP status to answer with (the code's default unless a spec section asks for
 * another one, such as 416 for an out-of-order chunk or 413 for an oversized manifest). {@code headers} carries
 * the few response headers an error needs (for example {@code Range} on a 416 or {@code Retry-After}).
 */
public final class RegistryException extends RuntimeException {
    private final ErrorCode code;
    private final int status;
    private final Optional<Object> detail;
    private final Map<String, String> headers;

    private RegistryException(ErrorCode code, String message, int status, Optional<Object> detail,
                              Map<String, String> headers, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = status;
        this.detail = detail;
        this.headers = Map.copyOf(headers);
    }

    public static RegistryException of(ErrorCode code) {
        return new RegistryException(code, code.defaultMessage(), code.defaultStatus(), Optional.empty(), Map.of(), null);
    }

    public static RegistryException of(ErrorCode code, String message) {
        return new RegistryException(code, message, code.defaultStatus(), Optional.empty(), Map.of(), null);
    }

    public static RegistryException withDetail(ErrorCode code, String message, Object detail) {
        return new RegistryException(code, message, code.defaultStatus(), Optional.of(detail), Map.of(), null);
    }

    /** An internal failure (I/O, database). The message is for logs; clients only see a generic text. */
    public static RegistryException internal(String message, Throwable cause) {
        return new RegistryException(ErrorCode.UNKNOWN, message, 500, Optional.empty(), Map.of(), cause);
    }

    /** The storage or database is unreachable right now; clients may retry. */
    public static RegistryException unavailable(String message, Throwable cause) {
        return new RegistryException(ErrorCode.UNAVAILABLE, message, 503, Optional.empty(), Map.of(), cause);
    }

    public RegistryException withStatus(int newStatus) {
        return new RegistryException(code, getMessage(), newStatus, detail, headers, getCause());
    }

    public RegistryException withHeader(String name, String value) {
        var merged = new java.util.LinkedHashMap<>(headers);
        merged.put(name, value);
        return new RegistryException(code, getMessage(), status, detail, merged, getCause());
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Optional<Object> detail() {
        return detail;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** True when the failure is the server's, not the client's: its message must not reach the client. */
    public boolean isServerError() {
        return status >= 500;
    }
}
