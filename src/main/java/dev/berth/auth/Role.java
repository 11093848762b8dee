package dev.berth.auth;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.Scope;

import java.util.Locale;
import java.util.Set;

/**
 * What a user or robot may do in a namespace or on a repository, each role including the ones before it:
 * reader (pull), writer (+ push), maintainer (+ delete: manifests, tags, blobs), admin (+ members and rules of its
 * namespace, every action). {@link #NONE} is only meaningful in repository rules, where it takes access away.
 */
public enum Role {
    NONE(Set.of()),
    READER(Set.of(Scope.PULL)),
    WRITER(Set.of(Scope.PULL, Scope.PUSH)),
    MAINTAINER(Set.of(Scope.PULL, Scope.PUSH, Scope.DELETE)),
    ADMIN(Set.of(Scope.PULL, Scope.PUSH, Scope.DELETE, Role.ALL_ACTIONS));

    /** The token-auth wildcard action ({@code repository:x:*}): only namespace admins hold it. */
    public static final String ALL_ACTIONS = "*";

    private final Set<String> actions;

    Role(Set<String> actions) {
        this.actions = actions;
    }

    /** The repository actions this role permits ({@code pull}, {@code push}, {@code delete}, {@code *}). */
    public Set<String> actions() {
        return actions;
    }

    public boolean permits(String action) {
        return actions.contains(action);
    }

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    /** The lower of two roles (a cap applied to a role). */
    public Role atMost(Role cap) {
        return atLeast(cap) ? cap : this;
    }

    /** The lower-case name used by the CLI, the admin API and the database ({@code reader}, {@code writer} …). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #label()}, case-insensitively; {@code BAD_REQUEST} for anything else. */
    public static Role parse(String label) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(label.trim())) {
                return role;
            }
        }
        throw RegistryException.of(ErrorCode.BAD_REQUEST,
                "unknown role '" + label + "' (none, reader, writer, maintainer, admin)");
    }
}
