package dev.berth.auth;

import java.time.Instant;
import java.util.Optional;

/** A personal access token to create for {@code user}, valid until {@code expiresAt}. */
public record NewToken(String user, Instant expiresAt, Optional<String> namespace, String description) {
}
