package dev.berth.auth.token;

/** The outcome of checking a bearer token. */
public sealed interface Verification {

    record Valid(VerifiedToken token) implements Verification {
    }

    /**
     * @param reason     why, for the debug log and the audit log (never the token itself)
     * @param suspicious true for a forged-looking token (bad signature, unknown key, {@code alg: none}) rather than
     *                   an expired or mis-addressed one; those are written to the audit log
     */
    record Invalid(String reason, boolean suspicious) implements Verification {
    }
}
