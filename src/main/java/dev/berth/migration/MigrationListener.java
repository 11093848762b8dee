package dev.berth.migration;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;

/** Hears how a {@link Migration} goes, for progress output. Called from several threads. */
public interface MigrationListener {

    /** Before the blobs are copied: how many the source records. */
    void blobsToCheck(long count);

    /** A blob was copied and its digest verified. */
    void blobCopied(Digest digest, long size);

    /** A blob was already in the target with its size (and digest, when existing blobs are verified). */
    void blobAlreadyThere(Digest digest, long size);

    /** A blob could not be copied; the migration goes on and reports it in the summary. */
    void blobFailed(Digest digest, String reason);

    /** Every blob has been checked; repositories come next. */
    void blobsFinished();

    /** A repository's links, manifests and tags are in the target. */
    void repositoryCopied(RepositoryName repository, int manifests, int tags);

    /** Ignores everything. */
    MigrationListener NONE = new MigrationListener() {
        @Override
        public void blobsToCheck(long count) {
        }

        @Override
        public void blobCopied(Digest digest, long size) {
        }

        @Override
        public void blobAlreadyThere(Digest digest, long size) {
        }

        @Override
        public void blobFailed(Digest digest, String reason) {
        }

        @Override
        public void blobsFinished() {
        }

        @Override
        public void repositoryCopied(RepositoryName repository, int manifests, int tags) {
        }
    };
}
