package dev.berth.metadata;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@link Locks} for one process (the single-node SQLite setup): one {@link ReentrantLock} per name in use, removed
 * when its last holder or waiter leaves, so memory follows the number of locks in use, not of names ever seen, and
 * two names never block each other.
 */
public final class InProcessLocks implements Locks {
    /** A holder that streams a large upload may keep its lock a long time; past this, waiting is a failure. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(5);

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration maxWait;

    public InProcessLocks() {
        this(DEFAULT_MAX_WAIT);
    }

    public InProcessLocks(Duration maxWait) {
        this.maxWait = maxWait;
    }

    @Override
    public <T> T holding(String name, Supplier<T> work) {
        Entry entry = retain(name);
        try {
            if (!entry.lock.tryLock(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw RegistryException.of(ErrorCode.UNAVAILABLE, "lock " + name + " still taken after " + maxWait);
            }
        } catch (InterruptedException e) {
            release(name, entry);
            Thread.currentThread().interrupt();
            throw RegistryException.unavailable("interrupted while waiting for lock " + name, e);
        } catch (RuntimeException e) {
            release(name, entry);
            throw e;
        }
        try {
            return work.get();
        } finally {
            entry.lock.unlock();
            release(name, entry);
        }
    }

    @Override
    public <T> Optional<T> holdingIfFree(String name, Supplier<T> work) {
        Entry entry = retain(name);
        if (!entry.lock.tryLock()) {
            release(name, entry);
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            entry.lock.unlock();
            release(name, entry);
        }
    }

    /** Names with a holder or a waiter right now (for tests and diagnostics). */
    public int inUse() {
        return entries.size();
    }

    private Entry retain(String name) {
        return entries.compute(name, (key, existing) -> {
            Entry entry = existing == null ? new Entry() : existing;
            entry.users++;
            return entry;
        });
    }

    private void release(String name, Entry entry) {
        entries.computeIfPresent(name, (key, existing) -> {
            if (existing != entry) {
                return existing;
            }
            existing.users--;
            return existing.users == 0 ? null : existing;
        });
    }

    @Override
    public void close() {
        // Nothing is held outside the process.
    }

    /** A lock and how many threads hold or wait for it; {@code users} changes only inside map computations. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }
}
