package dev.berth.registry;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.metadata.Locks;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.UploadSession;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;
import dev.berth.storage.ByteSource;

import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Pushing blobs (spec "Pushing blobs"): monolithic POST, POST then PUT, chunked and streamed PATCHes, status,
 * cancel and cross-repository mounts. Bytes are hashed while they stream in and verified at commit; the blob
 * becomes visible in one metadata transaction after its bytes are durable under their digest.
 *
 * <p>The requests of one upload are serialised by a {@link Locks} lock named {@code upload/<id>}: within the
 * process for a single node, across nodes when the metadata store provides shared locks, so an upload may be
 * started on one node, continued on a second and committed on a third.
 */
public final class BlobUploads {
    private static final String LOCK_PREFIX = "upload/";
    /** Attempts at recording a committed blob; its bytes are already under their digest, so retrying is cheap. */
    private static final int RECORD_ATTEMPTS = 4;
    private static final long RECORD_FIRST_PAUSE_MILLIS = 100;

    private final BlobStore store;
    private final MetadataStore metadata;
    private final Locks locks;
    private final Clock clock;
    private final UploadDigests digests = new UploadDigests();

    public BlobUploads(BlobStore store, MetadataStore metadata, Locks locks, Clock clock) {
        this.store = store;
        this.metadata = metadata;
        this.locks = locks;
        this.clock = clock;
    }

    /** POST /blobs/uploads/: opens an upload session (spec end-4a, end-4c with {@code digest-algorithm}). */
    public UploadStatus start(RepositoryName repository, DigestAlgorithm algorithm) {
        String id = UUID.randomUUID().toString();
        store.createUpload(id);
        // Not synced: a session lost in a crash only makes the client start its upload again (its bytes, if any,
        // are purged as an upload without a session).
        metadata.writeWithoutSync(tx -> {
            tx.putUpload(new UploadSession(id, repository, algorithm, clock.instant()));
            return null;
        });
        return new UploadStatus(repository, id, 0);
    }

    /** POST /blobs/uploads/?digest=: the whole blob in one request (spec end-4b). */
    public BlobInfo pushMonolithic(RepositoryName repository, Digest digest, ByteSource body,
                                   OptionalLong contentLength) {
        String id = UUID.randomUUID().toString();
        BlobUpload upload = store.createUpload(id);
        try {
            appendChecked(upload, digest.algorithm(), body, contentLength);
            return commitUpload(repository, upload, digest, Optional.empty());
        } catch (RuntimeException e) {
            digests.forget(id);
            upload.cancel();
            throw e;
        }
    }

    /**
     * POST /blobs/uploads/?mount=&from=: links the blob when {@code from} holds it and the caller may read
     * {@code from}; otherwise starts a normal upload, revealing nothing about {@code from} (spec end-11).
     */
    public MountResult mount(RepositoryName repository, Digest digest, Optional<RepositoryName> from,
                             Predicate<RepositoryName> callerCanRead, DigestAlgorithm algorithm) {
        Optional<BlobInfo> mounted = metadata.write(tx -> {
            Optional<Long> own = tx.linkedBlobSize(repository, digest);
            if (own.isPresent()) {
                return Optional.of(new BlobInfo(digest, own.get()));
            }
            if (from.isEmpty() || !callerCanRead.test(from.get())) {
                return Optional.empty();
            }
            Optional<Long> source = tx.linkedBlobSize(from.get(), digest);
            source.ifPresent(size -> tx.linkBlob(repository, digest));
            return source.map(size -> new BlobInfo(digest, size));
        });
        if (mounted.isPresent()) {
            return new MountResult.Mounted(mounted.get());
        }
        return new MountResult.Started(start(repository, algorithm));
    }

    /** PATCH: appends a chunk ({@code range} present) or a whole stream (no Content-Range: docker, podman). */
    public UploadStatus append(RepositoryName repository, String uploadId, ByteSource body,
                               Optional<ContentRange> range, OptionalLong contentLength) {
        return locks.holding(LOCK_PREFIX + uploadId, () -> {
            UploadSession session = session(repository, uploadId);
            BlobUpload upload = store.openUpload(uploadId);
            checkRange(upload, range, contentLength);
            appendChecked(upload, session.algorithm(), body, expectedLength(range, contentLength));
            return new UploadStatus(repository, uploadId, upload.size());
        });
    }

    /** GET of an upload: how many bytes it holds (spec end-13). */
    public UploadStatus status(RepositoryName repository, String uploadId) {
        session(repository, uploadId);
        return new UploadStatus(repository, uploadId, store.openUpload(uploadId).size());
    }

    /** PUT ?digest=: appends the optional last chunk, verifies digest and size, makes the blob visible (end-6). */
    public BlobInfo commit(RepositoryName repository, String uploadId, Digest digest, ByteSource body,
                           Optional<ContentRange> range, OptionalLong contentLength) {
        return locks.holding(LOCK_PREFIX + uploadId, () -> {
            UploadSession session = session(repository, uploadId);
            BlobUpload upload = store.openUpload(uploadId);
            checkRange(upload, range, contentLength);
            appendChecked(upload, session.algorithm(), body, expectedLength(range, contentLength));
            return commitUpload(repository, upload, digest, Optional.of(uploadId));
        });
    }

    /** DELETE of an upload (spec end-14). */
    public void cancel(RepositoryName repository, String uploadId) {
        locks.holding(LOCK_PREFIX + uploadId, () -> {
            session(repository, uploadId);
            discard(uploadId);
            return null;
        });
    }

    /**
     * Removes uploads started before {@code cutoff} and upload bytes idle since then that have no session (left by
     * a crash during a monolithic push). An upload whose lock is taken is in use and left for a later pass. Returns
     * how many were removed.
     */
    public int purgeStale(Instant cutoff) {
        int removed = 0;
        for (UploadSession session : metadata.read(tx -> tx.uploadsStartedBefore(cutoff, 10_000))) {
            Optional<Boolean> discarded = locks.holdingIfFree(LOCK_PREFIX + session.id(), () -> {
                discard(session.id());
                return true;
            });
            removed += discarded.isPresent() ? 1 : 0;
        }
        try (var idle = store.uploadsIdleSince(cutoff)) {
            for (String id : (Iterable<String>) idle::iterator) {
                Optional<Boolean> discarded = locks.holdingIfFree(LOCK_PREFIX + id, () -> {
                    if (metadata.read(tx -> tx.upload(id)).isPresent()) {
                        return false;
                    }
                    digests.forget(id);
                    openQuietly(id).ifPresent(BlobUpload::cancel);
                    return true;
                });
                removed += discarded.orElse(false) ? 1 : 0;
            }
        }
        return removed;
    }

    private BlobInfo commitUpload(RepositoryName repository, BlobUpload upload, Digest digest,
                                  Optional<String> sessionId) {
        Digest actual = digests.finish(upload, digest.algorithm());
        if (!actual.equals(digest)) {
            sessionId.ifPresent(this::discard);
            throw RegistryException.withDetail(ErrorCode.DIGEST_INVALID,
                    "provided digest did not match uploaded content", digest.toString());
        }
        long size = upload.size();
        upload.commit(digest);
        recordCommitted(repository, digest, size, sessionId);
        return new BlobInfo(digest, size);
    }

    /**
     * Records a blob whose bytes are now under their digest. The upload's bytes are gone, so a client could not
     * retry this step itself: a database that is briefly unreachable (a failover, a dropped connection) is
     * retried here a few times. Every statement is idempotent, so a commit whose answer was lost is harmless.
     */
    private void recordCommitted(RepositoryName repository, Digest digest, long size, Optional<String> sessionId) {
        long pause = RECORD_FIRST_PAUSE_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                metadata.write(tx -> {
                    tx.putBlob(digest, size);
                    tx.linkBlob(repository, digest);
                    sessionId.ifPresent(tx::deleteUpload);
                    return null;
                });
                return;
            } catch (RegistryException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || attempt >= RECORD_ATTEMPTS) {
                    throw e;
                }
                pauseBeforeRetry(pause, e);
                pause *= 3;
            }
        }
    }

    private static void pauseBeforeRetry(long millis, RegistryException cause) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    private void appendChecked(BlobUpload upload, DigestAlgorithm algorithm, ByteSource body,
                               OptionalLong expectedLength) {
        MessageDigest digest = digests.positioned(upload, algorithm);
        long appended;
        try {
            appended = upload.append(body, digest::update);
        } catch (UncheckedIOException e) {
            digests.forget(upload.id());
            throw RegistryException.withDetail(ErrorCode.BLOB_UPLOAD_INVALID, "upload interrupted", upload.id());
        } catch (RuntimeException e) {
            digests.forget(upload.id());
            throw e;
        }
        digests.advanced(upload.id(), algorithm, digest, upload.size());
        if (expectedLength.isPresent() && appended != expectedLength.getAsLong()) {
            throw RegistryException.withDetail(ErrorCode.SIZE_INVALID,
                    "received " + appended + " bytes, expected " + expectedLength.getAsLong(), upload.id());
        }
    }

    private static void checkRange(BlobUpload upload, Optional<ContentRange> range, OptionalLong contentLength) {
        if (range.isEmpty()) {
            return;
        }
        ContentRange r = range.get();
        long size = upload.size();
        if (r.first() != size || r.last() < r.first()
                || (contentLength.isPresent() && contentLength.getAsLong() != r.length())) {
            throw RegistryException.withDetail(ErrorCode.RANGE_INVALID,
                            "chunk does not continue the upload at byte " + size, upload.id())
                    .withHeader("Range", UploadRanges.header(size))
                    .withHeader("Docker-Upload-UUID", upload.id());
        }
    }

    private static OptionalLong expectedLength(Optional<ContentRange> range, OptionalLong contentLength) {
        return range.map(r -> OptionalLong.of(r.length())).orElse(contentLength);
    }

    private UploadSession session(RepositoryName repository, String uploadId) {
        return metadata.read(tx -> tx.upload(uploadId))
                .filter(s -> s.repository().equals(repository))
                .orElseThrow(() -> RegistryException.withDetail(ErrorCode.BLOB_UPLOAD_UNKNOWN,
                        "blob upload unknown to registry", uploadId));
    }

    private void discard(String uploadId) {
        digests.forget(uploadId);
        openQuietly(uploadId).ifPresent(BlobUpload::cancel);
        metadata.write(tx -> tx.deleteUpload(uploadId));
    }

    private Optional<BlobUpload> openQuietly(String uploadId) {
        try {
            return Optional.of(store.openUpload(uploadId));
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.BLOB_UPLOAD_UNKNOWN) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
