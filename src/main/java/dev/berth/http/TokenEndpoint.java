package dev.berth.http;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /token} (Docker token auth, {@code token.md}) and {@code POST /token} (the OAuth2 form of
 * {@code oauth.md}): parse the parameters, let the {@link TokenService} authenticate and issue, write the JSON.
 */
final class TokenEndpoint {
    private static final long MAX_FORM_BYTES = 64 * 1024;
    private final TokenService service;

    TokenEndpoint(TokenService service) {
        this.service = service;
    }

    void handle(Exchange ex, Credentials credentials) {
        boolean form = ex.method().equals("POST");
        Fields fields = form ? form(ex) : new Fields(true);
        Parameters p = form ? name -> values(fields, name) : ex::queryAll;
        if (form && first(p, "grant_type").isEmpty()) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST, "grant_type is required (password or refresh_token)");
        }
        TokenRequest request = new TokenRequest(
                form ? first(p, "grant_type") : Optional.empty(),
                first(p, "service"),
                scopes(p.values("scope")),
                form ? first(p, "username") : first(p, "account"),
                first(p, "client_id"),
                form ? first(p, "access_type").filter("offline"::equals).isPresent()
                        : first(p, "offline_token").filter("true"::equalsIgnoreCase).isPresent(),
                form ? first(p, "password") : Optional.empty(),
                form ? first(p, "refresh_token") : Optional.empty(),
                credentials);
        TokenResponse token = service.issue(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token.token());
        body.put("access_token", token.token());
        body.put("expires_in", token.expiresIn().toSeconds());
        body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(token.issuedAt()));
        token.refreshToken().ifPresent(refresh -> body.put("refresh_token", refresh));
        if (form) {
            body.put("scope", String.join(" ", token.granted()));
        }
        // RFC 6749 §5.1: token responses must not be cached.
        ex.header("Cache-Control", "no-store");
        ex.header("Pragma", "no-cache");
        ex.sendJson(200, body);
    }

    private static Fields form(Exchange ex) {
        if (!ex.contentType().map("application/x-www-form-urlencoded"::equalsIgnoreCase).orElse(false)) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST,
                    "a token POST must be an application/x-www-form-urlencoded form");
        }
        byte[] body = ex.bodyUpTo(MAX_FORM_BYTES, () -> RegistryException.of(ErrorCode.SIZE_INVALID,
                "the token request form is too large").withStatus(413));
        Fields fields = new Fields(true);
        try {
            UrlEncoded.decodeUtf8To(new String(body, StandardCharsets.UTF_8), fields);
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST, "the token request form is not valid URL encoding");
        }
        return fields;
    }

    private static List<String> values(Fields fields, String name) {
        List<String> values = fields.getValues(name);
        return values == null ? List.of() : values;
    }

    private static Optional<String> first(Parameters p, String name) {
        return p.values(name).stream().findFirst().filter(v -> !v.isEmpty());
    }

    /** Repeated {@code scope} parameters, each possibly a space-separated list (the OAuth2 form uses one). */
    private static List<String> scopes(List<String> values) {
        List<String> scopes = new ArrayList<>();
        for (String value : values) {
            for (String scope : value.trim().split("\\s+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        }
        return scopes;
    }

    @FunctionalInterface
    private interface Parameters {
        List<String> values(String name);
    }
}
