package dev.berth.auth;

import dev.berth.domain.Scope;
import dev.berth.http.AccessRules;

import java.util.HashSet;
import java.util.Set;

/**
 * What a principal may do with a scope: the {@link Authorizer}'s answer for repositories, plus the two registry-wide
 * scopes the HTTP side asks for. {@code registry:catalog:*} belongs to every authenticated caller, since the catalog
 * only lists what the caller may pull; anonymous callers are challenged instead, so that clients holding credentials
 * (which only send them after a 401) see their private repositories too. {@link AccessRules#ADMIN_API} belongs to
 * every user (not robots, not anonymous callers): the access administration service authorises each admin
 * operation itself.
 */
public final class Permissions {
    private final Authorizer authorizer;

    public Permissions(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** The requested actions the principal may perform (a subset of {@code scope.actions()}, possibly empty). */
    public Set<String> granted(Principal principal, Scope scope) {
        if (scope.type().equals(Scope.REGISTRY)) {
            boolean allowed = switch (scope.name()) {
                case "catalog" -> !principal.isAnonymous();
                case "admin" -> principal.kind() == Principal.Kind.USER;
                default -> false;
            };
            return allowed ? scope.actions() : Set.of();
        }
        if (!scope.type().equals(Scope.REPOSITORY)) {
            return Set.of();
        }
        Set<String> granted = new HashSet<>(authorizer.allowed(principal, scope));
        granted.retainAll(scope.actions());
        return Set.copyOf(granted);
    }

    /** True when every action of {@code scope} is granted. */
    public boolean allows(Principal principal, Scope scope) {
        return granted(principal, scope).containsAll(scope.actions());
    }
}
