package dev.berth.http;

import java.util.Optional;

/**
 * What a request presents for authentication, as the access gate sees it.
 *
 * @param authorization the {@code Authorization} header, if any
 * @param remoteAddress the client's IP address (for throttling and the audit log)
 * @param secure        true when the request came over TLS
 * @param baseUrl       the URL the request came in on, without path ({@code https://registry.example:5000}); the
 *                      default token realm is built from it
 */
public record Credentials(Optional<String> authorization, String remoteAddress, boolean secure, String baseUrl) {

    /** Never shows the header: it carries a password or a token. */
    @Override
    public String toString() {
        return "Credentials[authorization=" + (authorization.isPresent() ? "****" : "none") + ", remoteAddress="
                + remoteAddress + ", secure=" + secure + ", baseUrl=" + baseUrl + "]";
    }
}
