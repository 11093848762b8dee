package dev.berth.auth;

import dev.berth.domain.Scope;

import java.util.Set;

/** Decides what a principal may do on a resource: namespaces, roles, per-repository rules, public namespaces. */
public interface Authorizer {

    /** The subset of {@code scope.actions()} that {@code principal} may perform on the scope's resource. */
    Set<String> allowed(Principal principal, Scope scope);
}
