package dev.berth.metadata;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Named locks that hold across every node sharing one metadata store: the requests of one upload take one so that
 * their bytes never interleave, and background jobs take one so that two nodes never run the same job at once.
 * The lock state lives with the metadata (PostgreSQL advisory locks); a single-node store locks inside the process
 * ({@link InProcessLocks}). Locks are not reentrant across names: a holder may take another name, never the same.
 *
 * <p>Failures are {@link dev.berth.domain.RegistryException}s: {@code UNAVAILABLE} when the database cannot be
 * reached or a lock stays taken longer than the implementation is willing to wait.
 */
public interface Locks extends AutoCloseable {

    /** Runs {@code work} holding the lock {@code name}, waiting while another holder has it; returns its result. */
    <T> T holding(String name, Supplier<T> work);

    /** Runs {@code work} holding the lock {@code name} if nobody holds it now; empty, without running it, otherwise. */
    <T> Optional<T> holdingIfFree(String name, Supplier<T> work);

    @Override
    void close();
}
