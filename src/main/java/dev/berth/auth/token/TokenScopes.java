package dev.berth.auth.token;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.Scope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scope grammar of the token spec ({@code scope.md}): {@code resourcetype[(class)]:resourcename:action[,action]}.
 * A resource name may itself hold a colon ({@code localhost:5000/app}), so the actions are split off at the last
 * colon and the type at the first. The deprecated resource class is dropped.
 */
public final class TokenScopes {
    private TokenScopes() {
    }

    /** Parses each scope; a malformed one is {@code BAD_REQUEST}. Scopes naming the same resource are merged. */
    public static List<Scope> parse(List<String> texts) {
        Map<String, Set<String>> actions = new LinkedHashMap<>();
        Map<String, Scope> resources = new LinkedHashMap<>();
        for (String text : texts) {
            Scope scope = parse(text);
            String resource = scope.type() + ":" + scope.name();
            resources.putIfAbsent(resource, scope);
            actions.computeIfAbsent(resource, r -> new LinkedHashSet<>()).addAll(scope.actions());
        }
        List<Scope> merged = new ArrayList<>();
        resources.forEach((resource, scope) -> merged.add(new Scope(scope.type(), scope.name(), actions.get(resource))));
        return merged;
    }

    static Scope parse(String text) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first || last == text.length() - 1) {
            throw RegistryException.withDetail(ErrorCode.BAD_REQUEST,
                    "a scope is resourcetype:resourcename:actions", text);
        }
        String type = text.substring(0, first);
        int paren = type.indexOf('(');
        if (paren > 0 && type.endsWith(")")) {
            type = type.substring(0, paren);
        }
        String name = text.substring(first + 1, last);
        Set<String> actions = new LinkedHashSet<>();
        for (String action : text.substring(last + 1).split(",")) {
            if (!action.isBlank()) {
                actions.add(action.strip());
            }
        }
        if (name.isEmpty() || actions.isEmpty() || !type.matches("[a-z0-9]+")) {
            throw RegistryException.withDetail(ErrorCode.BAD_REQUEST,
                    "a scope is resourcetype:resourcename:actions", text);
        }
        return new Scope(type, name, actions);
    }
}
