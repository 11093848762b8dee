package dev.berth.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Authentication and the token service.
 *
 * @param mode             none, basic or token
 * @param htpasswd         an htpasswd file (bcrypt) whose users are accepted besides the database's
 * @param throttleUserFailures    failed logins per user name within the window before 429
 * @param throttleAddressFailures failed logins per source address within the window before 429
 * @param throttleWindow   the window failed logins are counted in
 * @param tokenRealm       the token endpoint URL put in {@code Bearer realm="…"}; empty: {@code <base URL>/token}
 * @param tokenService     the service name: the {@code service} of challenges and the {@code aud} of tokens
 * @param tokenIssuer      the {@code iss} of tokens the built-in service signs
 * @param tokenTtl         lifetime of access tokens (at least 60 s, as the token spec asks)
 * @param refreshTokenTtl  lifetime of refresh tokens ({@code docker login} identity tokens)
 * @param tokenKeyDir      directory of the signing keys (PEM, owner-only)
 * @param tokenKeyRotation age after which a new signing key is made; older keys keep verifying
 * @param clockLeeway      tolerance for clock skew on {@code exp}, {@code nbf} and {@code iat}
 * @param trustedIssuer    the {@code iss} of an external token service whose tokens are accepted too
 * @param trustedKeys      the external issuer's public keys: a JWKS file or PEM public keys / certificates
 */
public record AuthConfig(AuthMode mode, Optional<Path> htpasswd, int throttleUserFailures,
                         int throttleAddressFailures, Duration throttleWindow, Optional<URI> tokenRealm, String tokenService,
                         String tokenIssuer, Duration tokenTtl, Duration refreshTokenTtl, Path tokenKeyDir,
                         Duration tokenKeyRotation, Duration clockLeeway, Optional<String> trustedIssuer,
                         Optional<Path> trustedKeys) {

    public boolean enabled() {
        return mode != AuthMode.NONE;
    }
}
