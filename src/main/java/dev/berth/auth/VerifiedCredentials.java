package dev.berth.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Recently verified credentials, so a client that sends Basic credentials with each of the 50 requests of a pull
 * pays for one bcrypt check, not 50. Keyed by the user name and an HMAC-SHA-256 of the secret under a random key
 * made at start: the secret itself is never kept, and the key keeps a heap dump from being a table of fast
 * password hashes to crack. Entries live {@code ttl} (never past the credential's own expiry), the least recently
 * used go first beyond {@code maxEntries}, and {@link #forget} drops a principal's entries at once when its
 * password, status or tokens change on this node (other nodes see the change within {@code ttl}).
 */
public final class VerifiedCredentials {
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Mac mac;
    private final Map<Key, Entry> entries;

    public VerifiedCredentials(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** The principal these credentials were verified as, while the entry is fresh. */
    public synchronized Optional<Principal> lookup(String username, String secret) {
        Key key = key(username, secret);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.until())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.principal());
    }

    /** Remembers a successful verification until {@code ttl} from now or {@code notAfter}, whichever is first. */
    public synchronized void remember(String username, String secret, Principal principal, Optional<Instant> notAfter) {
        Instant until = clock.instant().plus(ttl);
        if (notAfter.isPresent() && notAfter.get().isBefore(until)) {
            until = notAfter.get();
        }
        entries.put(key(username, secret), new Entry(principal, until));
        while (entries.size() > maxEntries) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    /** Drops every entry of the user or robot ({@code robot$<name>}) named. */
    public synchronized void forget(String principalName) {
        entries.values().removeIf(entry -> entry.principal().name().equals(principalName));
    }

    public synchronized void forgetAll() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }

    private Key key(String username, String secret) {
        // Callers hold this object's lock, which also guards the Mac.
        return new Key(username, HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8))));
    }

    private record Key(String username, String secretMac) {
    }

    private record Entry(Principal principal, Instant until) {
    }
}
