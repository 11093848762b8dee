package dev.berth.metadata.cache;

import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataTx;

import java.util.function.Function;

/**
 * A metadata store that answers repeated reads (tags, manifests, blob links, tag lists, referrers) from memory.
 * A read first runs against the cache alone, without opening a database transaction; if any call it makes is not
 * answered there, that attempt is dropped and the read runs again on the database, storing what it learns. Writes
 * go straight to the database and outdate every answer once they end (see {@link ReadCache}).
 *
 * <p>Only for a database that no other process writes: the embedded SQLite file, which {@code berth serve} locks.
 * Several nodes sharing PostgreSQL would each miss the others' writes, so they do not use it.
 */
public final class CachingMetadataStore implements MetadataStore {
    private final MetadataStore database;
    private final ReadCache cache;

    public CachingMetadataStore(MetadataStore database, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size must be positive, got " + maxBytes);
        }
        this.database = database;
        this.cache = new ReadCache(maxBytes);
    }

    @Override
    public <T> T write(Function<MetadataTx, T> work) {
        return tracked(work, true);
    }

    @Override
    public <T> T writeWithoutSync(Function<MetadataTx, T> work) {
        return tracked(work, false);
    }

    private <T> T tracked(Function<MetadataTx, T> work, boolean sync) {
        boolean[] changed = new boolean[1];
        cache.writeStarted();
        try {
            Function<MetadataTx, T> watched = tx -> {
                ChangeTrackingTx tracking = new ChangeTrackingTx(tx);
                try {
                    return work.apply(tracking);
                } finally {
                    changed[0] |= tracking.changedContent();
                }
            };
            return sync ? database.write(watched) : database.writeWithoutSync(watched);
        } finally {
            cache.writeEnded(changed[0]);
        }
    }

    @Override
    public <T> T read(Function<MetadataTx, T> work) {
        long version = cache.version();
        boolean beganQuiet = cache.quiet();
        CachedReadsTx answering = CachedReadsTx.answering(cache, version);
        try {
            T result = work.apply(answering);
            if (!answering.missed()) {
                return result;
            }
        } catch (RuntimeException e) {
            if (!answering.missed()) {
                // The work's own answer (an unknown tag, say), decided on cached facts alone.
                throw e;
            }
        }
        return database.read(tx -> work.apply(CachedReadsTx.filling(cache, version, beganQuiet, tx)));
    }

    @Override
    public void ping() {
        database.ping();
    }

    @Override
    public void close() {
        database.close();
    }
}
