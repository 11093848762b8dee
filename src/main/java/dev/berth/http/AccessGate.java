package dev.berth.http;

/**
 * The authentication and authorisation check every request passes before its endpoint runs. The HTTP layer states
 * what each request needs ({@link AccessRules}); a gate (see {@code dev.berth.auth}) decides. A refusal is a
 * {@link dev.berth.domain.RegistryException}: {@code UNAUTHORIZED} with a {@code WWW-Authenticate} challenge header,
 * {@code DENIED}, or {@code TOOMANYREQUESTS} with {@code Retry-After}.
 */
@FunctionalInterface
public interface AccessGate {

    /**
     * @param needs the scopes the request needs (none for the {@code /v2/} probe, which only needs a valid identity
     *              when authentication is on) and the optional ones to ask for (a mount's source)
     */
    Grant admit(Credentials credentials, AccessRules.Needs needs);

    /** No authentication: everyone may do everything (the zero-config default on loopback). */
    AccessGate OPEN = (credentials, needs) -> Grant.EVERYTHING;
}
