package dev.berth.auth;

/**
 * Who performs an administrative change and from where, for the permission check and the audit record.
 *
 * @param principal the caller (the CLI acts as {@link #localOperator(String)})
 * @param address   the caller's source address ({@code "local"} for the CLI)
 */
public record Actor(Principal principal, String address) {
    public static final String LOCAL_ADDRESS = "local";

    /** The operator running the CLI on the server's data directory: a registry admin by file-system access. */
    public static Actor localOperator(String osUser) {
        return new Actor(new Principal("cli:" + osUser, Principal.Kind.USER, true), LOCAL_ADDRESS);
    }

    /** The name written to the audit log ({@code "anonymous"} for an anonymous caller). */
    public String auditName() {
        return principal.isAnonymous() ? "anonymous" : principal.name();
    }
}
