package dev.berth.auth;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.Scope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The answers of the access gates: {@code 401 UNAUTHORIZED} with a {@code WWW-Authenticate} challenge, or
 * {@code 403 DENIED}. Like distribution, the error detail lists the access that was needed as
 * {@code [{"Type","Name","Action"}]} — taken from the request only, so it is the same whether the repository exists
 * or not.
 */
public final class Refusals {
    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    private Refusals() {
    }

    /** {@code WWW-Authenticate: Basic realm="…"} (RFC 7617). */
    public static String basicChallenge(String realm) {
        return "Basic realm=" + quoted(realm) + ",charset=\"UTF-8\"";
    }

    /**
     * {@code WWW-Authenticate: Bearer realm="…",service="…",scope="…"[,error="…"]} (RFC 6750 §3; several scopes
     * space-separated in one parameter, as distribution writes them).
     */
    public static String bearerChallenge(String realm, String service, List<Scope> scopes, Optional<String> error) {
        StringBuilder header = new StringBuilder("Bearer realm=").append(quoted(realm))
                .append(",service=").append(quoted(service));
        if (!scopes.isEmpty()) {
            header.append(",scope=").append(quoted(scopes.stream().map(Scope::toString)
                    .collect(Collectors.joining(" "))));
        }
        error.ifPresent(e -> header.append(",error=").append(quoted(e)));
        return header.toString();
    }

    public static RegistryException unauthorized(String message, List<Scope> needed, String challenge) {
        return RegistryException.withDetail(ErrorCode.UNAUTHORIZED, message, detail(needed))
                .withHeader("WWW-Authenticate", challenge);
    }

    public static RegistryException denied(List<Scope> needed) {
        return RegistryException.withDetail(ErrorCode.DENIED, ErrorCode.DENIED.defaultMessage(), detail(needed));
    }

    private static List<Map<String, String>> detail(List<Scope> needed) {
        List<Map<String, String>> access = new ArrayList<>();
        for (Scope scope : needed) {
            for (String action : new TreeSet<>(scope.actions())) {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("Type", scope.type());
                entry.put("Name", scope.name());
                entry.put("Action", action);
                access.add(entry);
            }
        }
        return access;
    }

    /** An RFC 7230 quoted-string; realm and service are validated at configuration, scopes come from routes. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
