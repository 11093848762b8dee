package dev.berth.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * A robot account: a non-human identity for CI and deployments, authenticating as {@code robot$<name>} with a
 * generated secret. Its access is its namespace memberships (see {@link Member}), granted at creation and
 * changeable like a user's.
 *
 * @param name      the short name; the principal name is {@link #principalName()}
 * @param expiresAt when it stops authenticating (empty: never)
 * @param revokedAt when it was revoked (a revoked robot never authenticates again)
 * @param lastUsedAt the last successful authentication (updated at most once a minute)
 */
public record Robot(String name, String description, String createdBy, Instant createdAt, Optional<Instant> expiresAt,
                    Optional<Instant> revokedAt, Optional<Instant> lastUsedAt) {
    public static final String PREFIX = "robot$";

    public String principalName() {
        return PREFIX + name;
    }

    public boolean isActive(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
