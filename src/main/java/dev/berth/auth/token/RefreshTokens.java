package dev.berth.auth.token;

import dev.berth.auth.Principal;

import java.util.Optional;

/**
 * Long-lived refresh tokens ({@code offline_token=true} / {@code access_type=offline}: the identity token
 * {@code docker login} keeps instead of the password), redeemed with {@code grant_type=refresh_token}.
 */
public interface RefreshTokens {

    /** A refresh token for the principal, or empty when it cannot have one (anonymous callers, robots, htpasswd users). */
    Optional<String> issue(Principal principal, String clientId, String address);

    /** The principal a valid, unexpired, unrevoked refresh token stands for; empty otherwise. */
    Optional<Principal> redeem(String refreshToken, String address);
}
