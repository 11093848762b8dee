package dev.berth.http;

import java.util.List;
import java.util.Optional;

/**
 * A token request, GET ({@code token.md}: query parameters, optional Basic credentials) or POST ({@code oauth.md}:
 * a form with {@code grant_type}).
 *
 * @param grantType    {@code password} or {@code refresh_token} for an OAuth2 POST; empty for a GET
 * @param service      the {@code service} parameter
 * @param scopes       every requested scope ({@code repository:a/b:pull,push}), repeated parameters and
 *                     space-separated lists flattened
 * @param account      the {@code account} parameter of a GET, or {@code username} of a password grant
 * @param clientId     the {@code client_id}
 * @param offline      {@code offline_token=true} (GET) or {@code access_type=offline} (POST): a refresh token is wanted
 * @param password     the {@code password} of a password grant
 * @param refreshToken the {@code refresh_token} of a refresh grant
 * @param credentials  the request's {@code Authorization} header and origin
 */
public record TokenRequest(Optional<String> grantType, Optional<String> service, List<String> scopes,
                           Optional<String> account, Optional<String> clientId, boolean offline,
                           Optional<String> password, Optional<String> refreshToken, Credentials credentials) {
    public TokenRequest {
        scopes = List.copyOf(scopes);
    }

    /** Never shows the password or refresh token. */
    @Override
    public String toString() {
        return "TokenRequest[grantType=" + grantType + ", service=" + service + ", scopes=" + scopes + ", account="
                + account + ", clientId=" + clientId + ", offline=" + offline + ", password="
                + (password.isPresent() ? "****" : "none") + ", refreshToken="
                + (refreshToken.isPresent() ? "****" : "none") + ", credentials=" + credentials + "]";
    }
}
