package dev.berth.server;

import dev.berth.auth.AccessControl;
import dev.berth.auth.AccessSettings;
import dev.berth.auth.BasicAccessGate;
import dev.berth.auth.Permissions;
import dev.berth.auth.ThrottleSettings;
import dev.berth.auth.adminapi.AccessAdminApi;
import dev.berth.auth.sql.SqlIdentityStore;
import dev.berth.auth.token.BuiltinTokenService;
import dev.berth.auth.token.PersonalTokenRefreshTokens;
import dev.berth.auth.token.SigningKeys;
import dev.berth.auth.token.TokenAccessGate;
import dev.berth.auth.token.TokenMinter;
import dev.berth.auth.token.TokenRealm;
import dev.berth.auth.token.TokenVerifier;
import dev.berth.auth.token.TrustedIssuer;
import dev.berth.config.AuthConfig;
import dev.berth.config.BerthConfig;
import dev.berth.http.HttpAuth;
import dev.berth.metadata.sql.MetadataDatabase;

import java.time.Clock;
import java.util.Optional;

/** Builds the HTTP access control from the {@code auth} configuration: none, Basic, or token auth. */
final class AccessWiring {
    /** The realm of Basic challenges, shown by some clients when they ask for a password. */
    static final String BASIC_REALM = "Berth registry";

    private AccessWiring() {
    }

    static HttpAuth httpAuth(BerthConfig config, MetadataDatabase database, Clock clock) {
        AuthConfig auth = config.auth();
        return switch (auth.mode()) {
            case NONE -> HttpAuth.open();
            case BASIC -> {
                AccessControl access = accessControl(auth, database, clock);
                yield new HttpAuth(new BasicAccessGate(access.authenticator(), new Permissions(access.authorizer()),
                        BASIC_REALM), Optional.empty(), Optional.of(new AccessAdminApi(access.admin(), clock)));
            }
            case TOKEN -> tokenAuth(config, accessControl(auth, database, clock), clock);
        };
    }

    private static HttpAuth tokenAuth(BerthConfig config, AccessControl access, Clock clock) {
        AuthConfig auth = config.auth();
        Permissions permissions = new Permissions(access.authorizer());
        // A retired key verifies until the last token it signed has expired, clock skew included.
        SigningKeys keys = new SigningKeys(auth.tokenKeyDir(), auth.tokenKeyRotation(),
                auth.tokenTtl().plus(auth.clockLeeway()), clock);
        Optional<TrustedIssuer> trusted = auth.trustedIssuer().map(issuer ->
                TrustedIssuer.load(issuer, auth.trustedKeys().orElseThrow()));
        TokenVerifier verifier = new TokenVerifier(keys, auth.tokenIssuer(), trusted, auth.tokenService(),
                auth.clockLeeway(), clock);
        BuiltinTokenService tokens = new BuiltinTokenService(access.authenticator(), permissions,
                new TokenMinter(keys, auth.tokenIssuer(), auth.tokenService(), auth.tokenTtl(), clock),
                new PersonalTokenRefreshTokens(access.admin(), access.authenticator(), auth.refreshTokenTtl(), clock),
                auth.tokenService());
        TokenRealm realm = TokenRealm.of(auth.tokenRealm().map(Object::toString),
                config.server().externalUrl().map(Object::toString));
        return new HttpAuth(new TokenAccessGate(verifier, access.authenticator(), permissions, realm,
                auth.tokenService(), access.auditLog(), clock), Optional.of(tokens),
                Optional.of(new AccessAdminApi(access.admin(), clock)));
    }

    private static AccessControl accessControl(AuthConfig auth, MetadataDatabase database, Clock clock) {
        AccessSettings defaults = AccessSettings.DEFAULTS;
        AccessSettings settings = new AccessSettings(defaults.bcryptCost(), defaults.verifiedTtl(),
                defaults.verifiedMaxEntries(), new ThrottleSettings(auth.throttleUserFailures(),
                auth.throttleAddressFailures(), auth.throttleWindow(), defaults.throttle().maxTracked()),
                defaults.policyMaxAge(), auth.htpasswd());
        return AccessControl.create(new SqlIdentityStore(database), settings, clock);
    }
}
