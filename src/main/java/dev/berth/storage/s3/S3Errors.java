package dev.berth.storage.s3;

import dev.berth.domain.RegistryException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Translates SDK failures (after the SDK's own retries) into {@link RegistryException}s: an endpoint that cannot be
 * reached, times out, throttles or answers 5xx is {@code UNAVAILABLE} (clients may retry); any other refusal
 * (403 from wrong credentials, 400 from an unsupported request) is an internal error for the operator to fix.
 */
final class S3Errors {
    private S3Errors() {
    }

    static RegistryException translate(String action, SdkException e) {
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String message = "S3 " + action + " failed with HTTP " + status + errorCode(s3);
            if (status >= 500 || status == 429 || status == 408 || status == 0) {
                return RegistryException.unavailable(message, e);
            }
            return RegistryException.internal(message, e);
        }
        if (e instanceof SdkClientException) {
            return RegistryException.unavailable("S3 " + action + " failed: " + e.getMessage(), e);
        }
        return RegistryException.internal("S3 " + action + " failed: " + e.getMessage(), e);
    }

    /** True for a 404: missing key, missing upload (NoSuchUpload) or missing bucket. */
    static boolean isNotFound(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    /** True for a 416 answer to a ranged GET that starts at or beyond the end of the object. */
    static boolean isRangeNotSatisfiable(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 416;
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : " (" + e.awsErrorDetails().errorCode() + ")";
    }
}
