package dev.berth.auth;

import java.util.Optional;

/** A {@link RepositoryRule} to add. */
public record NewRule(String pattern, Optional<String> subject, Role role) {
}
