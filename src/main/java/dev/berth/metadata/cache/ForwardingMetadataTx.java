package dev.berth.metadata.cache;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.BlobRecord;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.MetadataTx;
import dev.berth.metadata.Referrer;
import dev.berth.metadata.UploadSession;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A transaction that passes every call to {@link #delegate()}; subclasses override the calls they watch. */
abstract class ForwardingMetadataTx implements MetadataTx {

    /** The transaction calls go to; may throw instead when there is none (a read answered from the cache). */
    protected abstract MetadataTx delegate();

    @Override
    public boolean repositoryExists(RepositoryName repository) {
        return delegate().repositoryExists(repository);
    }

    @Override
    public List<RepositoryName> repositories(Optional<RepositoryName> after, int limit) {
        return delegate().repositories(after, limit);
    }

    @Override
    public void putBlob(Digest digest, long size) {
        delegate().putBlob(digest, size);
    }

    @Override
    public Optional<Long> blobSize(Digest digest) {
        return delegate().blobSize(digest);
    }

    @Override
    public void linkBlob(RepositoryName repository, Digest digest) {
        delegate().linkBlob(repository, digest);
    }

    @Override
    public boolean unlinkBlob(RepositoryName repository, Digest digest) {
        return delegate().unlinkBlob(repository, digest);
    }

    @Override
    public Optional<Long> linkedBlobSize(RepositoryName repository, Digest digest) {
        return delegate().linkedBlobSize(repository, digest);
    }

    @Override
    public void putManifest(RepositoryName repository, ManifestRecord manifest) {
        delegate().putManifest(repository, manifest);
    }

    @Override
    public Optional<ManifestRecord> manifest(RepositoryName repository, Digest digest) {
        return delegate().manifest(repository, digest);
    }

    @Override
    public boolean manifestExists(RepositoryName repository, Digest digest) {
        return delegate().manifestExists(repository, digest);
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) {
        return delegate().deleteManifest(repository, digest);
    }

    @Override
    public Optional<Digest> tag(RepositoryName repository, Tag tag) {
        return delegate().tag(repository, tag);
    }

    @Override
    public Optional<Digest> putTag(RepositoryName repository, Tag tag, Digest manifest) {
        return delegate().putTag(repository, tag, manifest);
    }

    @Override
    public boolean deleteTag(RepositoryName repository, Tag tag) {
        return delegate().deleteTag(repository, tag);
    }

    @Override
    public List<Tag> tags(RepositoryName repository, Optional<Tag> after, int limit) {
        return delegate().tags(repository, after, limit);
    }

    @Override
    public List<Tag> tagsOf(RepositoryName repository, Digest manifest) {
        return delegate().tagsOf(repository, manifest);
    }

    @Override
    public List<Referrer> referrers(RepositoryName repository, Digest subject, Optional<String> artifactType,
                                    Optional<Digest> after, int limit) {
        return delegate().referrers(repository, subject, artifactType, after, limit);
    }

    @Override
    public void putUpload(UploadSession session) {
        delegate().putUpload(session);
    }

    @Override
    public Optional<UploadSession> upload(String uploadId) {
        return delegate().upload(uploadId);
    }

    @Override
    public boolean deleteUpload(String uploadId) {
        return delegate().deleteUpload(uploadId);
    }

    @Override
    public List<UploadSession> uploadsStartedBefore(Instant cutoff, int limit) {
        return delegate().uploadsStartedBefore(cutoff, limit);
    }

    @Override
    public List<BlobRecord> blobs(Optional<Digest> after, int limit) {
        return delegate().blobs(after, limit);
    }

    @Override
    public List<Digest> linkedBlobs(RepositoryName repository, Optional<Digest> after, int limit) {
        return delegate().linkedBlobs(repository, after, limit);
    }

    @Override
    public List<Digest> manifests(RepositoryName repository, Optional<Digest> after, int limit) {
        return delegate().manifests(repository, after, limit);
    }

    @Override
    public boolean claimJobRun(String job, Instant now, Instant notBefore) {
        return delegate().claimJobRun(job, now, notBefore);
    }
}
