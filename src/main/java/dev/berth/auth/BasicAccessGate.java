package dev.berth.auth;

import dev.berth.domain.Scope;
import dev.berth.http.AccessGate;
import dev.berth.http.AccessRules;
import dev.berth.http.Credentials;
import dev.berth.http.Grant;

import java.util.List;

/**
 * {@code auth.mode: basic}: every request carries HTTP Basic credentials (a password, a personal access token or a
 * robot secret), verified by the {@link Authenticator} (which caches successful bcrypt checks). Without credentials
 * a request is admitted only when anonymous callers hold everything it needs (a public namespace); otherwise it gets
 * {@code 401} with {@code WWW-Authenticate: Basic realm="…"}. A caller who authenticated but lacks the access gets
 * {@code 403 DENIED}. The decision depends on names only, never on what exists, so private repositories are not
 * revealed.
 */
public final class BasicAccessGate implements AccessGate {
    private final Authenticator authenticator;
    private final Permissions permissions;
    private final String challenge;

    public BasicAccessGate(Authenticator authenticator, Permissions permissions, String realm) {
        this.authenticator = authenticator;
        this.permissions = permissions;
        this.challenge = Refusals.basicChallenge(realm);
    }

    @Override
    public Grant admit(Credentials credentials, AccessRules.Needs needs) {
        Principal principal = switch (PresentedCredentials.parse(credentials.authorization())) {
            case PresentedCredentials.None none -> Principal.ANONYMOUS;
            case PresentedCredentials.Basic basic -> authenticator.authenticate(basic.username(),
                            basic.password().reveal(), credentials.remoteAddress())
                    .orElseThrow(() -> Refusals.unauthorized("incorrect username or password", needs.required(),
                            challenge));
            case PresentedCredentials.Bearer bearer -> throw Refusals.unauthorized(
                    "this registry takes Basic credentials, not bearer tokens", needs.required(), challenge);
            case PresentedCredentials.Malformed malformed -> throw Refusals.unauthorized(
                    "malformed Authorization header", needs.required(), challenge);
        };
        return admit(principal, needs);
    }

    private Grant admit(Principal principal, AccessRules.Needs needs) {
        List<Scope> missing = needs.required().stream().filter(scope -> !permissions.allows(principal, scope)).toList();
        if (principal.isAnonymous() && (needs.required().isEmpty() || !missing.isEmpty())) {
            // The /v2/ probe always challenges anonymous callers, as docker login expects.
            throw Refusals.unauthorized("authentication required", needs.required(), challenge);
        }
        if (!missing.isEmpty()) {
            throw Refusals.denied(needs.required());
        }
        return new Caller(principal, repository -> permissions.allows(principal,
                Scope.repository(repository.value(), Scope.PULL)));
    }
}
