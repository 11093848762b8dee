package dev.berth.metadata.cache;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.MetadataTx;
import dev.berth.metadata.Referrer;
import dev.berth.metadata.cache.ReadKey.Query;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A read transaction over the {@link ReadCache}, in one of two modes. <em>Answering</em>: cached reads come from the
 * cache and anything else (an uncached read, a missing answer) throws {@link Miss}, with no database transaction
 * open at all. <em>Filling</em>: every call goes to a real transaction and the answers of cached reads are stored.
 */
final class CachedReadsTx extends ForwardingMetadataTx {
    private final ReadCache cache;
    private final long version;
    private final Optional<MetadataTx> database;
    private final boolean mayStore;
    private boolean missed;

    private CachedReadsTx(ReadCache cache, long version, Optional<MetadataTx> database, boolean mayStore) {
        this.cache = cache;
        this.version = version;
        this.database = database;
        this.mayStore = mayStore;
    }

    /** Answers from the cache at {@code version}, or throws {@link Miss}. */
    static CachedReadsTx answering(ReadCache cache, long version) {
        return new CachedReadsTx(cache, version, Optional.empty(), false);
    }

    /** Reads {@code database}; stores answers at {@code version} when the read began with no write in progress. */
    static CachedReadsTx filling(ReadCache cache, long version, boolean beganQuiet, MetadataTx database) {
        return new CachedReadsTx(cache, version, Optional.of(database), beganQuiet);
    }

    /** True when this transaction could not answer some call (the work's result must then be thrown away). */
    boolean missed() {
        return missed;
    }

    @Override
    protected MetadataTx delegate() {
        if (database.isEmpty()) {
            missed = true;
            throw Miss.INSTANCE;
        }
        return database.get();
    }

    @SuppressWarnings("unchecked")
    private <T> T answer(ReadKey key, Supplier<T> read) {
        if (database.isEmpty()) {
            return (T) cache.lookup(version, key).orElseGet(() -> {
                missed = true;
                throw Miss.INSTANCE;
            });
        }
        T answer = read.get();
        if (mayStore) {
            cache.store(version, key, answer);
        }
        return answer;
    }

    @Override
    public boolean repositoryExists(RepositoryName repository) {
        return answer(ReadKey.of(Query.REPOSITORY_EXISTS, repository), () -> super.repositoryExists(repository));
    }

    @Override
    public Optional<Long> blobSize(Digest digest) {
        return answer(ReadKey.of(Query.BLOB_SIZE, digest), () -> super.blobSize(digest));
    }

    @Override
    public Optional<Long> linkedBlobSize(RepositoryName repository, Digest digest) {
        return answer(ReadKey.of(Query.LINKED_BLOB_SIZE, repository, digest),
                () -> super.linkedBlobSize(repository, digest));
    }

    @Override
    public Optional<ManifestRecord> manifest(RepositoryName repository, Digest digest) {
        return answer(ReadKey.of(Query.MANIFEST, repository, digest), () -> super.manifest(repository, digest));
    }

    @Override
    public boolean manifestExists(RepositoryName repository, Digest digest) {
        return answer(ReadKey.of(Query.MANIFEST_EXISTS, repository, digest),
                () -> super.manifestExists(repository, digest));
    }

    @Override
    public Optional<Digest> tag(RepositoryName repository, Tag tag) {
        return answer(ReadKey.of(Query.TAG, repository, tag), () -> super.tag(repository, tag));
    }

    @Override
    public List<Tag> tags(RepositoryName repository, Optional<Tag> after, int limit) {
        return answer(ReadKey.of(Query.TAGS, repository, after, limit),
                () -> List.copyOf(super.tags(repository, after, limit)));
    }

    @Override
    public List<Tag> tagsOf(RepositoryName repository, Digest manifest) {
        return answer(ReadKey.of(Query.TAGS_OF, repository, manifest),
                () -> List.copyOf(super.tagsOf(repository, manifest)));
    }

    @Override
    public List<Referrer> referrers(RepositoryName repository, Digest subject, Optional<String> artifactType,
                                    Optional<Digest> after, int limit) {
        return answer(ReadKey.of(Query.REFERRERS, repository, subject, artifactType, after, limit),
                () -> List.copyOf(super.referrers(repository, subject, artifactType, after, limit)));
    }

    /** Thrown through the work when the cache cannot answer; carries no stack trace (it is control flow). */
    static final class Miss extends RuntimeException {
        static final Miss INSTANCE = new Miss();

        private Miss() {
            super("answer not cached", null, false, false);
        }
    }
}
