package dev.berth.metadata;

import java.util.function.Function;

/**
 * The single source of truth for repositories, manifests and their references, tags, repository→blob links,
 * referrer edges and upload sessions. Everything a push makes visible is written in one {@link #write}
 * transaction. Implementations (SQLite, PostgreSQL) must pass {@code MetadataStoreContract}.
 *
 * <p>A transaction's work may be run more than once when the database asks for a retry (serialisation failure),
 * so it must not have side effects outside the transaction. Failures are {@link dev.berth.domain.RegistryException}s
 * ({@code UNAVAILABLE} when the database cannot be reached).
 */
public interface MetadataStore extends AutoCloseable {

    /** Runs {@code work} in one read-write transaction and commits it; all or nothing. */
    <T> T write(Function<MetadataTx, T> work);

    /**
     * Like {@link #write}, all or nothing, but the commit does not wait for the disk: a crash (of the process or the
     * machine) right after it returns may lose it, never half of it, and never a later {@link #write} without it.
     * Only for state a client recreates when it is lost, such as a new upload session (the client starts the upload
     * again). The default is a normal write.
     */
    default <T> T writeWithoutSync(Function<MetadataTx, T> work) {
        return write(work);
    }

    /** Runs {@code work} on a consistent snapshot; it must only read. */
    <T> T read(Function<MetadataTx, T> work);

    /** Throws {@code UNAVAILABLE} when the database cannot be reached (for readiness checks). */
    void ping();

    @Override
    void close();
}
