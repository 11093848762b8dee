package dev.berth.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * A personal access token: a user's password substitute for clients and scripts, used as the password with the
 * user's name. Only a SHA-256 hash of the secret is stored.
 *
 * @param id          the public part of the token (also the first characters of the secret), for listing and revoking
 * @param user        the owner
 * @param namespace   when present, the token acts only on repositories of this namespace, and never administers
 * @param lastUsedAt  the last successful authentication (updated at most once a minute)
 */
public record AccessToken(String id, String user, String description, Optional<String> namespace, Instant createdAt,
                          Instant expiresAt, Optional<Instant> revokedAt, Optional<Instant> lastUsedAt) {

    public boolean isActive(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt);
    }
}
