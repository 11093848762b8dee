package dev.berth.storage;

import dev.berth.domain.Digest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed bytes, one copy per digest for the whole registry, plus the in-progress bytes of uploads.
 * A blob store knows nothing of repositories, tags or HTTP: the metadata store decides what is visible where.
 * Implementations must pass {@code BlobStoreContract}.
 *
 * <p>Failures are reported as {@link dev.berth.domain.RegistryException}: {@code BLOB_UNKNOWN} for a missing
 * digest, {@code BLOB_UPLOAD_UNKNOWN} for a missing upload, {@code UNAVAILABLE} when the backend cannot be reached.
 */
public interface BlobStore extends AutoCloseable {

    /** Size of a stored blob, or empty when no bytes are stored under that digest. */
    Optional<Long> size(Digest digest);

    /**
     * Opens {@code length} bytes from {@code offset} of a blob for reading. The caller closes the content.
     * Throws {@code BLOB_UNKNOWN} when the blob is absent.
     */
    BlobContent read(Digest digest, long offset, long length);

    /** A URL the client may fetch the blob from directly (presigned), when the store supports and enables it. */
    default Optional<java.net.URI> directUrl(Digest digest, Duration ttl) {
        return Optional.empty();
    }

    /** Removes a blob's bytes; true when something was removed. Only garbage collection calls this. */
    boolean delete(Digest digest);

    /** Every stored digest, for garbage collection and migration. The caller closes the stream. */
    Stream<Digest> list();

    /** Creates the storage of a new upload. {@code uploadId} is unique and chosen by the caller. */
    BlobUpload createUpload(String uploadId);

    /** Opens an existing upload (possibly after a restart or from another node); {@code BLOB_UPLOAD_UNKNOWN} if absent. */
    BlobUpload openUpload(String uploadId);

    /** Ids of uploads whose bytes were last written before {@code cutoff}, for the stale-upload purge. */
    Stream<String> uploadsIdleSince(Instant cutoff);

    /** Throws {@code UNAVAILABLE} when the backend cannot be reached (for readiness checks). */
    void ping();

    @Override
    void close();
}
