package dev.berth.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The audit log in the identity store. Every field is cleaned before it is written: control characters become
 * {@code ?} (no forged lines when the log is printed) and each field is cut at {@value #MAX_FIELD} characters
 * (a failed login's user name is whatever the caller sent). A record that cannot be written is logged as a
 * warning and does not fail the operation that caused it.
 */
public final class StoredAuditLog implements AuditLog {
    static final int MAX_FIELD = 200;
    private static final Logger LOG = LoggerFactory.getLogger(StoredAuditLog.class);

    private final IdentityStore store;
    private final Clock clock;

    public StoredAuditLog(IdentityStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void record(String actor, String action, String target, String address, AuditEvent.Outcome outcome,
                       String detail) {
        try {
            store.write(tx -> tx.appendAudit(clock.instant(), clean(actor), clean(action), clean(target),
                    clean(address), outcome, clean(detail)));
        } catch (RuntimeException e) {
            LOG.warn("cannot write audit event {} {} by {}: {}", clean(action), outcome, clean(actor), e.toString());
        }
    }

    static String clean(String text) {
        StringBuilder cleaned = new StringBuilder(Math.min(text.length(), MAX_FIELD));
        for (int i = 0; i < text.length() && cleaned.length() < MAX_FIELD; i++) {
            char c = text.charAt(i);
            cleaned.append(Character.isISOControl(c) ? '?' : c);
        }
        return cleaned.toString();
    }
}
