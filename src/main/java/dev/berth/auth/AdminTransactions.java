package dev.berth.auth;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How an administrative operation runs: its checks and changes in one write transaction, together with the audit
 * event of its success; a refusal ({@code DENIED}) or failure (any other client error) is audited on its own
 * afterwards, since the transaction rolled back. Also the permission checks every operation shares.
 */
final class AdminTransactions {
    private final IdentityStore store;
    private final AuditLog audit;
    private final Clock clock;

    AdminTransactions(IdentityStore store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /** Runs a change; {@code detail} summarises it in the audit log (never a secret). */
    <T> T change(Actor actor, String action, String target, String detail, Function<IdentityTx, T> work) {
        return prepareAndChange(actor, action, target, detail, () -> work);
    }

    /**
     * Runs {@code prepare} outside the transaction (checks that need no data, then slow work such as bcrypt, which
     * must not hold SQLite's one writer), then the change it returns.
     */
    <T> T prepareAndChange(Actor actor, String action, String target, String detail,
                           Supplier<Function<IdentityTx, T>> prepare) {
        try {
            Function<IdentityTx, T> work = prepare.get();
            return store.write(tx -> {
                T result = work.apply(tx);
                tx.appendAudit(clock.instant(), StoredAuditLog.clean(actor.auditName()), action,
                        StoredAuditLog.clean(target), StoredAuditLog.clean(actor.address()), AuditEvent.Outcome.SUCCESS,
                        StoredAuditLog.clean(detail));
                return result;
            });
        } catch (RegistryException e) {
            auditRefusal(actor, action, target, e);
            throw e;
        }
    }

    /** Runs a read that needs a permission; a refusal is audited. */
    <T> T read(Actor actor, String action, String target, Function<IdentityTx, T> work) {
        try {
            return store.read(work);
        } catch (RegistryException e) {
            auditRefusal(actor, action, target, e);
            throw e;
        }
    }

    private void auditRefusal(Actor actor, String action, String target, RegistryException e) {
        if (e.isServerError()) {
            return;
        }
        audit.record(actor.auditName(), action, target, actor.address(),
                e.code() == ErrorCode.DENIED ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILURE, e.getMessage());
    }

    // Permission checks.

    static void requireRegistryAdmin(Actor actor) {
        if (!actor.principal().isRegistryAdmin()) {
            throw denied("needs the registry admin role");
        }
    }

    /** A registry admin, or an admin member of {@code namespace} (with credentials not restricted elsewhere). */
    static boolean administers(IdentityTx tx, Actor actor, String namespace) {
        Principal principal = actor.principal();
        if (principal.isRegistryAdmin()) {
            return true;
        }
        if (principal.isAnonymous() || !principal.namespace().map(namespace::equals).orElse(true)) {
            return false;
        }
        return tx.members(namespace).stream()
                .anyMatch(member -> member.member().equals(principal.name()) && member.role() == Role.ADMIN);
    }

    static void requireNamespaceAdmin(IdentityTx tx, Actor actor, String namespace) {
        if (!administers(tx, actor, namespace)) {
            throw denied("needs the admin role in namespace " + namespace);
        }
    }

    /** The user themself (with full, unrestricted credentials) or a registry admin. */
    static void requireSelfOrRegistryAdmin(Actor actor, String user) {
        Principal principal = actor.principal();
        boolean self = principal.kind() == Principal.Kind.USER && principal.namespace().isEmpty()
                && principal.name().equals(user);
        if (!self && !principal.isRegistryAdmin()) {
            throw denied("only " + user + " or a registry admin may do this");
        }
    }

    static RegistryException denied(String why) {
        return RegistryException.of(ErrorCode.DENIED, why);
    }

    /**
     * What a caller learns about a missing target: registry admins hear that it does not exist; everyone else hears
     * the same refusal as for an existing target they may not manage, so names cannot be probed.
     */
    static RegistryException missing(Actor actor, String what) {
        return actor.principal().isRegistryAdmin() ? notFound(what) : denied("not allowed to manage " + what);
    }

    static RegistryException notFound(String what) {
        return RegistryException.of(ErrorCode.NOT_FOUND, what + " not found");
    }

    static RegistryException duplicate(String what) {
        return RegistryException.of(ErrorCode.BAD_REQUEST, what + " already exists").withStatus(409);
    }

    static RegistryException invalid(String why) {
        return RegistryException.of(ErrorCode.BAD_REQUEST, why);
    }
}
