package dev.berth.auth;

/**
 * Who is calling: an anonymous caller, a user (password or personal access token) or a robot account.
 *
 * @param name  the user or robot name ({@code ""} for anonymous); robots are named {@code robot$<name>}
 * @param admin true for the registry admin role
 */
public record Principal(String name, Kind kind, boolean admin) {
    public enum Kind {
        ANONYMOUS,
        USER,
        ROBOT
    }

    public static final Principal ANONYMOUS = new Principal("", Kind.ANONYMOUS, false);

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }
}
