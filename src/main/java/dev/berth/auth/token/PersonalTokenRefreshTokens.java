package dev.berth.auth.token;

import dev.berth.auth.AccessAdmin;
import dev.berth.auth.Actor;
import dev.berth.auth.Authenticator;
import dev.berth.auth.IssuedToken;
import dev.berth.auth.NewToken;
import dev.berth.auth.Principal;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Refresh tokens as personal access tokens: {@code docker login} creates a token for the user (described
 * {@code "refresh token for <client_id>"}, expiring after {@code auth.refresh-token-ttl}, restricted to the same
 * namespace as the credentials it was made with), so it is stored only as a hash, listed with the user's tokens,
 * revocable through the admin API and the CLI, audited, and checked by the same {@link Authenticator} (with its
 * throttling). A refresh grant carries no user name, so the token handed out is
 * {@code brt.<base64url(user)>.<secret>}. Robots and htpasswd users get none: their clients keep the password.
 */
public final class PersonalTokenRefreshTokens implements RefreshTokens {
    private static final Logger LOG = LoggerFactory.getLogger(PersonalTokenRefreshTokens.class);
    private static final String PREFIX = "brt.";

    private final AccessAdmin admin;
    private final Authenticator authenticator;
    private final Duration ttl;
    private final Clock clock;

    public PersonalTokenRefreshTokens(AccessAdmin admin, Authenticator authenticator, Duration ttl, Clock clock) {
        this.admin = admin;
        this.authenticator = authenticator;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<String> issue(Principal principal, String clientId, String address) {
        if (principal.kind() != Principal.Kind.USER) {
            return Optional.empty();
        }
        IssuedToken issued;
        try {
            issued = admin.createToken(new Actor(principal, address), new NewToken(principal.name(),
                    clock.instant().plus(ttl), principal.namespace(), "refresh token for " + clientId));
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.DENIED) {
                // Not a database user (an htpasswd user): the client keeps using the password.
                LOG.debug("no refresh token for {}: {}", principal.name(), e.code());
                return Optional.empty();
            }
            throw e;
        }
        String user = Base64.getUrlEncoder().withoutPadding().encodeToString(
                principal.name().getBytes(StandardCharsets.UTF_8));
        return Optional.of(PREFIX + user + "." + issued.secret().reveal());
    }

    @Override
    public Optional<Principal> redeem(String refreshToken, String address) {
        if (!refreshToken.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = refreshToken.indexOf('.', PREFIX.length());
        if (dot < 0) {
            return Optional.empty();
        }
        String user;
        try {
            user = new String(Base64.getUrlDecoder().decode(refreshToken.substring(PREFIX.length(), dot)),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return authenticator.authenticate(user, refreshToken.substring(dot + 1), address);
    }
}
