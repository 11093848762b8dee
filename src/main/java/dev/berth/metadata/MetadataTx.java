package dev.berth.metadata;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operations available inside one metadata transaction. Lists are in lexical (byte) order and paged by
 * keyset: {@code after} is the last item of the previous page, exclusive.
 */
public interface MetadataTx {

    // Repositories exist while they have a manifest, a tag or a linked blob.

    boolean repositoryExists(RepositoryName repository);

    List<RepositoryName> repositories(Optional<RepositoryName> after, int limit);

    // Blobs: the global record of stored bytes, and which repositories may read them.

    /** Records that bytes are stored under {@code digest}. Idempotent. */
    void putBlob(Digest digest, long size);

    Optional<Long> blobSize(Digest digest);

    /** Makes a recorded blob readable from {@code repository}, creating the repository when needed. Idempotent. */
    void linkBlob(RepositoryName repository, Digest digest);

    /** True when a link was removed. */
    boolean unlinkBlob(RepositoryName repository, Digest digest);

    /** The blob's size when it is linked to {@code repository}. */
    Optional<Long> linkedBlobSize(RepositoryName repository, Digest digest);

    // Manifests.

    /** Stores a manifest with its references in {@code repository}; a no-op when that digest is already there. */
    void putManifest(RepositoryName repository, ManifestRecord manifest);

    Optional<ManifestRecord> manifest(RepositoryName repository, Digest digest);

    boolean manifestExists(RepositoryName repository, Digest digest);

    /** Removes a manifest, every tag pointing at it, its references and its referrer edge; true when it existed. */
    boolean deleteManifest(RepositoryName repository, Digest digest);

    // Tags.

    Optional<Digest> tag(RepositoryName repository, Tag tag);

    /** Points {@code tag} at a manifest of the repository; returns the digest it pointed at before, if any. */
    Optional<Digest> putTag(RepositoryName repository, Tag tag, Digest manifest);

    boolean deleteTag(RepositoryName repository, Tag tag);

    List<Tag> tags(RepositoryName repository, Optional<Tag> after, int limit);

    /** Tags pointing at one manifest, in lexical order. */
    List<Tag> tagsOf(RepositoryName repository, Digest manifest);

    // Referrers: manifests of the repository whose subject is {@code subject}, ordered by digest.

    List<Referrer> referrers(RepositoryName repository, Digest subject, Optional<String> artifactType,
                             Optional<Digest> after, int limit);

    // Upload sessions.

    void putUpload(UploadSession session);

    Optional<UploadSession> upload(String uploadId);

    /** True when the session existed. */
    boolean deleteUpload(String uploadId);

    List<UploadSession> uploadsStartedBefore(Instant cutoff, int limit);

    // Whole-registry listings, for migration and garbage collection.

    /** Every recorded blob, in digest order. */
    List<BlobRecord> blobs(Optional<Digest> after, int limit);

    /** Digests of the blobs linked to {@code repository}, in order. */
    List<Digest> linkedBlobs(RepositoryName repository, Optional<Digest> after, int limit);

    /** Digests of the manifests of {@code repository}, in order. */
    List<Digest> manifests(RepositoryName repository, Optional<Digest> after, int limit);

    // Background jobs shared by every node.

    /**
     * Claims a run of {@code job} starting {@code now}, unless a run was claimed at or after {@code notBefore}.
     * True when this caller claimed it; concurrent claimers on any node see exactly one of them win.
     */
    boolean claimJobRun(String job, Instant now, Instant notBefore);
}
