package dev.berth.auth;

import java.time.Instant;

/**
 * One line of the audit log: every administrative change, every refused one, and every failed authentication.
 *
 * @param actor   who acted (a user, {@code robot$…}, {@code cli:<os user>}, or the name a failed login claimed)
 * @param action  what was attempted, e.g. {@code user.add}, {@code token.revoke}, {@code login}
 * @param target  what it was done to (a user, token id, namespace, rule id …)
 * @param address the caller's source address
 * @param detail  a short reason for a failure or a summary of the change; never a secret
 */
public record AuditEvent(long id, Instant time, String actor, String action, String target, String address,
                         Outcome outcome, String detail) {

    public enum Outcome {
        SUCCESS,
        /** Refused: the actor lacked the permission. */
        DENIED,
        /** Failed: bad credentials, unknown target, invalid input. */
        FAILURE
    }
}
