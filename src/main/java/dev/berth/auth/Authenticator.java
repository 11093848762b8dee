package dev.berth.auth;

import java.util.Optional;

/** Turns presented credentials into a principal. Implementations must compare secrets in constant time. */
public interface Authenticator {

    /**
     * Verifies {@code username} with {@code secret} (a password, a personal access token, or a robot secret).
     * Empty when they do not match or the account is disabled or expired. Throws a
     * {@link dev.berth.domain.RegistryException} {@code TOOMANYREQUESTS} (with {@code Retry-After}) when the user or
     * the source address is throttled after repeated failures.
     */
    Optional<Principal> authenticate(String username, String secret, String remoteAddress);
}
