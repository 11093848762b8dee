package dev.berth.metadata.cache;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.MetadataTx;

import java.util.Optional;

/**
 * A write transaction that notes whether it called anything that may change what cached reads answer. Upload
 * sessions and job claims are not read through the cache, so writes of only those keep the cache valid.
 */
final class ChangeTrackingTx extends ForwardingMetadataTx {
    private final MetadataTx database;
    private boolean changedContent;

    ChangeTrackingTx(MetadataTx database) {
        this.database = database;
    }

    boolean changedContent() {
        return changedContent;
    }

    @Override
    protected MetadataTx delegate() {
        return database;
    }

    private MetadataTx changing() {
        changedContent = true;
        return database;
    }

    @Override
    public void putBlob(Digest digest, long size) {
        changing().putBlob(digest, size);
    }

    @Override
    public void linkBlob(RepositoryName repository, Digest digest) {
        changing().linkBlob(repository, digest);
    }

    @Override
    public boolean unlinkBlob(RepositoryName repository, Digest digest) {
        return changing().unlinkBlob(repository, digest);
    }

    @Override
    public void putManifest(RepositoryName repository, ManifestRecord manifest) {
        changing().putManifest(repository, manifest);
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) {
        return changing().deleteManifest(repository, digest);
    }

    @Override
    public Optional<Digest> putTag(RepositoryName repository, Tag tag, Digest manifest) {
        return changing().putTag(repository, tag, manifest);
    }

    @Override
    public boolean deleteTag(RepositoryName repository, Tag tag) {
        return changing().deleteTag(repository, tag);
    }
}
