package dev.berth.auth;

import dev.berth.domain.Scope;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The {@link Authorizer} on the stored namespaces, memberships and rules. Decisions come from an
 * {@link AccessPolicy} snapshot read in one transaction and kept for {@code maxAge}, so a catalog of thousands of
 * repositories is filtered without a query per repository. Changes made through {@link AccessAdmin} on this node
 * apply at once ({@link #invalidate()}); changes made on another node within {@code maxAge}.
 */
public final class PolicyAuthorizer implements Authorizer {
    private final IdentityStore store;
    private final Clock clock;
    private final Duration maxAge;
    private Snapshot snapshot;
    /** Bumped by {@link #invalidate()}: a snapshot read before an invalidation is not kept after it. */
    private long generation;

    public PolicyAuthorizer(IdentityStore store, Clock clock, Duration maxAge) {
        this.store = store;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public Set<String> allowed(Principal principal, Scope scope) {
        return policy().allowed(principal, scope);
    }

    /** The current snapshot (read again when older than {@code maxAge} or invalidated). */
    public AccessPolicy policy() {
        Instant now = clock.instant();
        Snapshot current;
        long readGeneration;
        synchronized (this) {
            current = snapshot;
            readGeneration = generation;
        }
        if (current != null && now.isBefore(current.readAt().plus(maxAge))) {
            return current.policy();
        }
        AccessPolicy fresh = store.read(tx -> new AccessPolicy(tx.namespaces(), tx.memberships(), tx.rules()));
        synchronized (this) {
            if (generation == readGeneration) {
                snapshot = new Snapshot(fresh, now);
            }
        }
        return fresh;
    }

    /** Forgets the snapshot: the next decision reads the store. */
    public synchronized void invalidate() {
        snapshot = null;
        generation++;
    }

    private record Snapshot(AccessPolicy policy, Instant readAt) {
    }
}
