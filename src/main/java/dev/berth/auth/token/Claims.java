package dev.berth.auth.token;

import dev.berth.auth.Principal;
import dev.berth.domain.Scope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The token claims beyond the registered ones: {@code access} of the token spec ({@code jwt.md}:
 * {@code [{"type","name","actions"}]}), and Berth's own {@code principal} ({@code {"kind","admin","namespace"}})
 * so a token's holder is known as precisely as a Basic caller. Other issuers' extra claims are ignored.
 */
final class Claims {
    static final String ACCESS = "access";
    static final String PRINCIPAL = "principal";

    private Claims() {
    }

    static List<Map<String, Object>> access(List<Scope> scopes) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Scope scope : scopes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", scope.type());
            entry.put("name", scope.name());
            entry.put("actions", List.copyOf(new TreeSet<>(scope.actions())));
            entries.add(entry);
        }
        return entries;
    }

    static Map<String, Object> principal(Principal principal) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("kind", principal.kind().name().toLowerCase(Locale.ROOT));
        claim.put("admin", principal.admin());
        principal.namespace().ifPresent(namespace -> claim.put("namespace", namespace));
        return claim;
    }

    /** The {@code access} claim, skipping entries that are not objects with a type, a name and a list of actions. */
    static List<Scope> parseAccess(Object claim) {
        List<Scope> scopes = new ArrayList<>();
        if (!(claim instanceof List<?> entries)) {
            return scopes;
        }
        for (Object item : entries) {
            if (item instanceof Map<?, ?> entry && entry.get("type") instanceof String type
                    && entry.get("name") instanceof String name && entry.get("actions") instanceof List<?> list) {
                Set<String> actions = new LinkedHashSet<>();
                list.forEach(action -> {
                    if (action instanceof String a) {
                        actions.add(a);
                    }
                });
                scopes.add(new Scope(type, name, actions));
            }
        }
        return scopes;
    }

    /**
     * The holder: from Berth's {@code principal} claim when {@code trusted} (Berth signed it), otherwise a plain user
     * or robot by name and never an admin.
     */
    static Principal parsePrincipal(String subject, Object claim, boolean trusted) {
        if (subject.isEmpty()) {
            return Principal.ANONYMOUS;
        }
        Principal.Kind kind = subject.startsWith("robot$") ? Principal.Kind.ROBOT : Principal.Kind.USER;
        if (!trusted || !(claim instanceof Map<?, ?> map)) {
            return new Principal(subject, kind, false);
        }
        if (map.get("kind") instanceof String k && k.equals("robot")) {
            kind = Principal.Kind.ROBOT;
        }
        boolean admin = Boolean.TRUE.equals(map.get("admin"));
        Optional<String> namespace = map.get("namespace") instanceof String ns ? Optional.of(ns) : Optional.empty();
        return new Principal(subject, kind, admin, namespace);
    }
}
