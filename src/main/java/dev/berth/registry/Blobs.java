package dev.berth.registry;

import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.MetadataStore;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;

import java.io.ByteArrayInputStream;
import java.util.Optional;

/**
 * Pulling and deleting blobs. A repository sees a blob only when it is linked to it; a manifest of the repository
 * can also be fetched through the blob endpoint by its digest, as distribution allows.
 */
public final class Blobs {
    private final BlobStore store;
    private final MetadataStore metadata;
    private final RegistryPolicy policy;

    public Blobs(BlobStore store, MetadataStore metadata, RegistryPolicy policy) {
        this.store = store;
        this.metadata = metadata;
        this.policy = policy;
    }

    /** Spec "Checking if content exists": the blob's size, or {@code BLOB_UNKNOWN}. */
    public BlobInfo stat(RepositoryName repository, Digest digest) {
        return find(repository, digest).map(Found::info).orElseThrow(() -> unknown(digest));
    }

    /** Spec "Pulling blobs", with an optional single range. */
    public BlobRead open(RepositoryName repository, Digest digest, Optional<RangeRequest> range) {
        Found found = find(repository, digest).orElseThrow(() -> unknown(digest));
        long size = found.info().size();
        Optional<ByteSpan> span = range.map(r -> r.resolve(size));
        long offset = span.map(ByteSpan::first).orElse(0L);
        long length = span.map(ByteSpan::length).orElse(size);
        if (found.manifest().isPresent()) {
            byte[] bytes = found.manifest().get().content();
            var stream = new ByteArrayInputStream(bytes, (int) offset, (int) length);
            return new BlobRead(found.info(), new BlobContent.Stream(stream, length), span);
        }
        return new BlobRead(found.info(), store.read(digest, offset, length), span);
    }

    /** Spec "Deleting Blobs": unlinks the blob from the repository; the bytes go when garbage collection runs. */
    public void delete(RepositoryName repository, Digest digest) {
        if (!policy.deletesEnabled()) {
            throw RegistryException.of(ErrorCode.UNSUPPORTED, "deletes are disabled on this registry");
        }
        boolean removed = metadata.write(tx -> tx.unlinkBlob(repository, digest));
        if (!removed) {
            throw unknown(digest);
        }
    }

    private Optional<Found> find(RepositoryName repository, Digest digest) {
        return metadata.read(tx -> {
            Optional<Long> size = tx.linkedBlobSize(repository, digest);
            if (size.isPresent()) {
                return Optional.of(new Found(new BlobInfo(digest, size.get()), Optional.empty()));
            }
            return tx.manifest(repository, digest)
                    .map(m -> new Found(new BlobInfo(digest, m.size()), Optional.of(m)));
        });
    }

    private static RegistryException unknown(Digest digest) {
        return RegistryException.withDetail(ErrorCode.BLOB_UNKNOWN, "blob unknown to registry", digest.toString());
    }

    private record Found(BlobInfo info, Optional<ManifestRecord> manifest) {
    }
}
