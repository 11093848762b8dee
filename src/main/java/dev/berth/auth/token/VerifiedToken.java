package dev.berth.auth.token;

import dev.berth.auth.Principal;
import dev.berth.domain.Scope;

import java.time.Instant;
import java.util.List;

/**
 * A bearer token whose signature, issuer, audience and lifetime checked out.
 *
 * @param principal who it was issued to (anonymous for an empty {@code sub})
 * @param access    its {@code access} claim
 * @param local     true when Berth's own token service issued it (false: the trusted external issuer)
 */
public record VerifiedToken(Principal principal, List<Scope> access, boolean local, Instant expiresAt) {
    public VerifiedToken {
        access = List.copyOf(access);
    }

    /** True when the token grants every action of {@code needed} ({@code *} in the token grants them all). */
    public boolean allows(Scope needed) {
        return access.stream().anyMatch(granted -> granted.type().equals(needed.type())
                && granted.name().equals(needed.name())
                && (granted.actions().contains("*") || granted.actions().containsAll(needed.actions())));
    }
}
