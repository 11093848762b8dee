package dev.berth.auth.token;

import dev.berth.auth.AuditEvent;
import dev.berth.auth.AuditLog;
import dev.berth.auth.Authenticator;
import dev.berth.auth.Caller;
import dev.berth.auth.Permissions;
import dev.berth.auth.PresentedCredentials;
import dev.berth.auth.Principal;
import dev.berth.auth.Refusals;
import dev.berth.domain.Scope;
import dev.berth.http.AccessGate;
import dev.berth.http.AccessRules;
import dev.berth.http.Credentials;
import dev.berth.http.Grant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code auth.mode: token}: Docker token auth. Requests carry a bearer token from the token service, checked
 * locally by the {@link TokenVerifier}; without one they get {@code 401} with
 * {@code WWW-Authenticate: Bearer realm="…/token",service="…",scope="…"} naming what to ask for (the mount source
 * too). A bad, expired or forged token gets {@code error="invalid_token"}, a valid token without the needed access
 * {@code error="insufficient_scope"} (both 401, as distribution answers, so clients fetch a new token).
 *
 * <p>Basic credentials are accepted too (checked like in basic mode, {@code 403 DENIED} when the access is
 * missing): scripts, {@code curl} and clients that send Basic unasked (ECR-style) keep working, and the admin API
 * is reachable with a password or personal access token. Anonymous callers without a token are admitted where
 * anonymous callers hold the access (public namespaces), as an anonymous token would be.
 */
public final class TokenAccessGate implements AccessGate {
    private static final Logger LOG = LoggerFactory.getLogger(TokenAccessGate.class);
    private static final Duration AUDIT_EVERY = Duration.ofMinutes(1);
    private static final int AUDIT_MEMORY = 10_000;

    private final TokenVerifier verifier;
    private final Authenticator authenticator;
    private final Permissions permissions;
    private final TokenRealm realm;
    private final String service;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Instant> lastAudited = new ConcurrentHashMap<>();

    public TokenAccessGate(TokenVerifier verifier, Authenticator authenticator, Permissions permissions,
                           TokenRealm realm, String service, AuditLog audit, Clock clock) {
        this.verifier = verifier;
        this.authenticator = authenticator;
        this.permissions = permissions;
        this.realm = realm;
        this.service = service;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Grant admit(Credentials credentials, AccessRules.Needs needs) {
        return switch (PresentedCredentials.parse(credentials.authorization())) {
            case PresentedCredentials.None none -> anonymous(credentials, needs);
            case PresentedCredentials.Basic basic -> basic(credentials, needs, authenticator.authenticate(
                    basic.username(), basic.password().reveal(), credentials.remoteAddress()));
            case PresentedCredentials.Bearer bearer -> bearer(credentials, needs, verifier.verify(bearer.token()));
            case PresentedCredentials.Malformed malformed -> throw Refusals.unauthorized(
                    "malformed Authorization header", needs.required(), challenge(credentials, needs, Optional.empty()));
        };
    }

    private Grant anonymous(Credentials credentials, AccessRules.Needs needs) {
        boolean publicAccess = !needs.required().isEmpty()
                && needs.required().stream().allMatch(scope -> permissions.allows(Principal.ANONYMOUS, scope));
        if (!publicAccess) {
            throw Refusals.unauthorized("authentication required", needs.required(),
                    challenge(credentials, needs, Optional.empty()));
        }
        return byPermissions(Principal.ANONYMOUS);
    }

    private Grant basic(Credentials credentials, AccessRules.Needs needs, Optional<Principal> principal) {
        if (principal.isEmpty()) {
            throw Refusals.unauthorized("incorrect username or password", needs.required(),
                    challenge(credentials, needs, Optional.empty()));
        }
        if (!needs.required().stream().allMatch(scope -> permissions.allows(principal.get(), scope))) {
            throw Refusals.denied(needs.required());
        }
        return byPermissions(principal.get());
    }

    private Grant bearer(Credentials credentials, AccessRules.Needs needs, Verification verification) {
        switch (verification) {
            case Verification.Invalid invalid -> {
                LOG.debug("bearer token refused: {}", invalid.reason());
                if (invalid.suspicious()) {
                    auditSuspicious(credentials.remoteAddress(), invalid.reason());
                }
                throw Refusals.unauthorized("invalid or expired token", needs.required(),
                        challenge(credentials, needs, Optional.of(Refusals.INVALID_TOKEN)));
            }
            case Verification.Valid valid -> {
                VerifiedToken token = valid.token();
                if (!needs.required().stream().allMatch(token::allows)) {
                    throw Refusals.unauthorized("the token does not grant the needed access", needs.required(),
                            challenge(credentials, needs, Optional.of(Refusals.INSUFFICIENT_SCOPE)));
                }
                Principal principal = token.principal();
                return new Caller(principal, repository -> {
                    Scope pull = Scope.repository(repository.value(), Scope.PULL);
                    return token.allows(pull) || (token.local() && permissions.allows(principal, pull));
                });
            }
        }
    }

    private Caller byPermissions(Principal principal) {
        return new Caller(principal, repository -> permissions.allows(principal,
                Scope.repository(repository.value(), Scope.PULL)));
    }

    /** The challenge names the required scopes and the optional ones (a mount source) in one token request. */
    private String challenge(Credentials credentials, AccessRules.Needs needs, Optional<String> error) {
        List<Scope> scopes = new ArrayList<>(needs.required());
        scopes.addAll(needs.optional());
        return Refusals.bearerChallenge(realm.forRequest(credentials), service, scopes, error);
    }

    /** A forged-looking token goes to the audit log, at most once a minute per source address. */
    private void auditSuspicious(String address, String reason) {
        Instant now = clock.instant();
        Instant previous = lastAudited.get(address);
        if (previous != null && previous.plus(AUDIT_EVERY).isAfter(now)) {
            return;
        }
        if (lastAudited.size() >= AUDIT_MEMORY) {
            lastAudited.clear();
        }
        lastAudited.put(address, now);
        audit.record("bearer-token", "token.invalid", "registry", address, AuditEvent.Outcome.FAILURE, reason);
    }
}
