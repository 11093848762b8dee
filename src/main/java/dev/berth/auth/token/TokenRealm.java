package dev.berth.auth.token;

import dev.berth.http.Credentials;

import java.util.Optional;

/**
 * The {@code realm} of Bearer challenges: the configured token endpoint URL ({@code auth.token-realm}, or
 * {@code server.external-url} + {@code /token}), otherwise the URL the request came in on + {@code /token}, so
 * clients reach the token service by the same name and scheme they reached the registry.
 */
public record TokenRealm(Optional<String> configured) {

    public static TokenRealm of(Optional<String> tokenRealm, Optional<String> externalUrl) {
        return new TokenRealm(tokenRealm.or(() -> externalUrl.map(url -> url.replaceAll("/+$", "") + "/token")));
    }

    public String forRequest(Credentials credentials) {
        return configured.orElseGet(() -> credentials.baseUrl() + "/token");
    }
}
