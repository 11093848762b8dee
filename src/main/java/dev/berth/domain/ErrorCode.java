package dev.berth.domain;

/**
 * Error codes of the OCI Distribution Spec v1.1 ("Error Codes" table) plus the Docker Registry v2 codes real
 * clients know, each with the HTTP status it is answered with unless a {@link RegistryException} overrides it.
 * Only the HTTP error writer turns these into responses.
 */
public enum ErrorCode {
    BLOB_UNKNOWN(404, "blob unknown to registry"),
    BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
    DIGEST_INVALID(400, "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID(400, "manifest invalid"),
    MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
    NAME_INVALID(400, "invalid repository name"),
    NAME_UNKNOWN(404, "repository name not known to registry"),
    SIZE_INVALID(400, "provided length did not match content length"),
    UNAUTHORIZED(401, "authentication required"),
    DENIED(403, "requested access to the resource is denied"),
    UNSUPPORTED(405, "the operation is unsupported"),
    TOOMANYREQUESTS(429, "too many requests"),
    // Docker Registry HTTP API v2 codes that clients also understand.
    TAG_INVALID(400, "manifest tag did not match URI"),
    PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
    RANGE_INVALID(416, "invalid content range"),
    // Berth codes for HTTP situations the spec has no code for.
    NOT_FOUND(404, "no route matches the request"),
    BAD_REQUEST(400, "malformed request"),
    PRECONDITION_FAILED(412, "precondition failed"),
    UNAVAILABLE(503, "service unavailable"),
    UNKNOWN(500, "unknown error");

    private final int defaultStatus;
    private final String defaultMessage;

    ErrorCode(int defaultStatus, String defaultMessage) {
        this.defaultStatus = defaultStatus;
        this.defaultMessage = defaultMessage;
    }

    public int defaultStatus() {
        return defaultStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
