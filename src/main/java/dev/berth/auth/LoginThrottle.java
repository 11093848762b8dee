package dev.berth.auth;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per user name and per source address over a sliding window ({@link ThrottleSettings}) and
 * refuses attempts once a limit is reached: {@code TOOMANYREQUESTS} (429) with {@code Retry-After} in seconds.
 * The counts live in this node's memory: on several nodes behind a load balancer each node counts on its own
 * (the effective limit is multiplied by the node count), and a restart forgets them.
 */
public final class LoginThrottle {
    private static final int MAX_KEY_CHARS = 128;
    private final ThrottleSettings settings;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(ThrottleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Throws {@code TOOMANYREQUESTS} when the user or the address is over its limit. */
    public synchronized void check(String username, String address) {
        Instant now = clock.instant();
        Optional<Duration> wait = blockedFor(userKey(username), settings.userFailures(), now)
                .or(() -> blockedFor(addressKey(address), settings.addressFailures(), now));
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw RegistryException.of(ErrorCode.TOOMANYREQUESTS, "too many failed logins; retry later")
                    .withHeader("Retry-After", Long.toString(seconds));
        }
    }

    /**
     * Counts a failure for both the user and the address.
     *
     * @return true when this failure made the user or the address reach its limit (worth one audit line)
     */
    public synchronized boolean failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() >= settings.maxTracked()) {
            failures.values().removeIf(times -> prune(times, now).isEmpty());
            if (failures.size() >= settings.maxTracked()) {
                failures.clear();
            }
        }
        boolean userBlocked = add(userKey(username), settings.userFailures(), now);
        boolean addressBlocked = add(addressKey(address), settings.addressFailures(), now);
        return userBlocked || addressBlocked;
    }

    /** A successful login clears the user's failures (not the address's: one good password opens no door). */
    public synchronized void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private boolean add(String key, int limit, Instant now) {
        Deque<Instant> times = prune(failures.computeIfAbsent(key, k -> new ArrayDeque<>()), now);
        times.addLast(now);
        while (times.size() > limit) {
            times.removeFirst();
        }
        return times.size() == limit;
    }

    private Optional<Duration> blockedFor(String key, int limit, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null || prune(times, now).size() < limit) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, times.peekFirst().plus(settings.window())));
    }

    private Deque<Instant> prune(Deque<Instant> times, Instant now) {
        Instant cutoff = now.minus(settings.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
        return times;
    }

    private static String userKey(String username) {
        return "user\0" + bounded(username);
    }

    private static String addressKey(String address) {
        return "address\0" + bounded(address);
    }

    /** Names are whatever callers send: a long one is tracked by its digest, so 100 000 keys stay small. */
    private static String bounded(String name) {
        return name.length() <= MAX_KEY_CHARS ? name
                : HexFormat.of().formatHex(SecretDigests.sha256(name));
    }
}
