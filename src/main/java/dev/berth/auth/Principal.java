package dev.berth.auth;

import java.util.Optional;

/**
 * Who is calling: an anonymous caller, a user (password or personal access token) or a robot account.
 *
 * @param name      the user or robot name ({@code ""} for anonymous); robots are named {@code robot$<name>}
 * @param admin     true for the registry admin role
 * @param namespace when present, the caller authenticated with a personal access token restricted to this
 *                  namespace: it keeps its owner's rights on that namespace's repositories, has none elsewhere,
 *                  and is never a registry admin for administration ({@link #isRegistryAdmin()})
 */
public record Principal(String name, Kind kind, boolean admin, Optional<String> namespace) {
    public enum Kind {
        ANONYMOUS,
        USER,
        ROBOT
    }

    public static final Principal ANONYMOUS = new Principal("", Kind.ANONYMOUS, false);

    /** A principal without a namespace restriction. */
    public Principal(String name, Kind kind, boolean admin) {
        this(name, kind, admin, Optional.empty());
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }

    /** A registry admin whose credentials are not restricted to a namespace. */
    public boolean isRegistryAdmin() {
        return admin && namespace.isEmpty();
    }
}
