package dev.berth.auth;

/**
 * Appends to the audit log (stored with the identities). Used by the authenticator for failed logins, by
 * {@link AccessAdmin} for changes, and by the HTTP side for what it refuses on its own (a tampered token).
 * Never pass a secret in any argument.
 */
@FunctionalInterface
public interface AuditLog {

    void record(String actor, String action, String target, String address, AuditEvent.Outcome outcome,
                String detail);
}
