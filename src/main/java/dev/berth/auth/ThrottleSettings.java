package dev.berth.auth;

import java.time.Duration;

/**
 * Failed-login throttling: after {@code userFailures} failures for one user name, or {@code addressFailures} from
 * one source address, within {@code window}, further attempts are refused with 429 until the oldest failure of the
 * window ages out.
 *
 * @param maxTracked how many user names and addresses are tracked at most (memory bound under a spray attack)
 */
public record ThrottleSettings(int userFailures, int addressFailures, Duration window, int maxTracked) {

    /** 10 failures per user, 50 per address (NAT, CI farms) in 5 minutes; 100 000 keys. */
    public static final ThrottleSettings DEFAULTS = new ThrottleSettings(10, 50, Duration.ofMinutes(5), 100_000);

    public ThrottleSettings {
        if (userFailures < 1 || addressFailures < 1 || window.isNegative() || window.isZero() || maxTracked < 1) {
            throw new IllegalArgumentException("throttle limits and window must be positive");
        }
    }
}
