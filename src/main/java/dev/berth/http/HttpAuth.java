package dev.berth.http;

import java.util.Optional;

/**
 * The access control of the HTTP server: the gate every non-public route passes, and the token service and admin
 * API when authentication is on (their routes answer {@code 404 NOT_FOUND} otherwise).
 */
public record HttpAuth(AccessGate gate, Optional<TokenService> tokenService, Optional<AdminApi> adminApi) {

    /** No authentication, no token service, no admin API. */
    public static HttpAuth open() {
        return new HttpAuth(AccessGate.OPEN, Optional.empty(), Optional.empty());
    }
}
