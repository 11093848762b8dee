package dev.berth.storage.s3;

import java.time.Duration;

/**
 * Retries of failed S3 calls, on top of the SDK's standard strategy (which decides what is retryable: network
 * errors, 5xx, throttling such as 503 SlowDown). Delays grow exponentially with full jitter; throttling errors use
 * their own, longer base delay. A call that still fails after {@code maxAttempts} is reported as
 * {@code UNAVAILABLE}.
 *
 * @param maxAttempts         attempts per call including the first (1 disables retries)
 * @param baseDelay           base of the exponential delay after ordinary transient errors
 * @param throttlingBaseDelay base of the exponential delay after throttling errors
 * @param maxBackoff          upper bound of any single delay
 */
public record S3Retry(int maxAttempts, Duration baseDelay, Duration throttlingBaseDelay, Duration maxBackoff) {
    public static final S3Retry DEFAULT =
            new S3Retry(5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20));

    public S3Retry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("S3 retry attempts must be at least 1, got " + maxAttempts);
        }
        if (!isPositive(baseDelay) || !isPositive(throttlingBaseDelay) || !isPositive(maxBackoff)) {
            throw new IllegalArgumentException("S3 retry delays must be longer than zero");
        }
    }

    private static boolean isPositive(Duration delay) {
        return !delay.isNegative() && !delay.isZero();
    }
}
