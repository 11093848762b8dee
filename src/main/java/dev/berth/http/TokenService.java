package dev.berth.http;

/**
 * The issuer behind the {@code /token} endpoint (Docker token auth, {@code token.md} and {@code oauth.md}),
 * implemented in {@code dev.berth.auth}. The HTTP side only parses the request and writes the answer.
 */
@FunctionalInterface
public interface TokenService {

    /**
     * Authenticates the request's caller (Basic credentials, a password grant, a refresh token, or nobody) and issues
     * a token for the part of the requested scopes the caller may use. Bad credentials are a
     * {@link dev.berth.domain.RegistryException} {@code UNAUTHORIZED}; a malformed request {@code BAD_REQUEST}.
     */
    TokenResponse issue(TokenRequest request);
}
