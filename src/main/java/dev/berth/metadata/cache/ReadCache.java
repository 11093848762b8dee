package dev.berth.metadata.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.Referrer;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers of metadata reads, each valid for one <em>version</em> of the store's content. Every write that may change
 * content moves the version on once it has ended, so an answer is served only while nothing it depends on can
 * have changed. An answer is stored only when no write was in progress from before it was read until it is
 * stored, so all answers of one version describe the same committed state and a read that combines several of
 * them sees a consistent snapshot.
 *
 * <p>Correct only when every write to the database passes through this process ({@link CachingMetadataStore}).
 */
final class ReadCache {
    private static final int ENTRY_OVERHEAD = 96;

    private final Cache<ReadKey, Entry> entries;
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger writers = new AtomicInteger();

    ReadCache(long maxBytes) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((ReadKey key, Entry entry) -> weight(entry.value()))
                .build();
    }

    /** The current content version. */
    long version() {
        return version.get();
    }

    /** True when no write is in progress. */
    boolean quiet() {
        return writers.get() == 0;
    }

    /** The answer stored for {@code key} at {@code atVersion}, if any. */
    Optional<Object> lookup(long atVersion, ReadKey key) {
        Entry entry = entries.getIfPresent(key);
        return entry != null && entry.version() == atVersion ? Optional.of(entry.value()) : Optional.empty();
    }

    /**
     * Keeps an answer read at {@code atVersion} by a read that began with no write in progress, unless a write has
     * begun or ended since: the answer may then describe a state between two versions.
     */
    void store(long atVersion, ReadKey key, Object answer) {
        if (writers.get() == 0 && version.get() == atVersion) {
            entries.put(key, new Entry(atVersion, answer));
        }
    }

    void writeStarted() {
        writers.incrementAndGet();
    }

    /** Ends a write; when it may have changed content (even if it failed), every stored answer is outdated. */
    void writeEnded(boolean mayHaveChangedContent) {
        if (mayHaveChangedContent) {
            version.incrementAndGet();
        }
        writers.decrementAndGet();
    }

    /** Approximate heap bytes held by an answer. */
    static int weight(Object answer) {
        return ENTRY_OVERHEAD + switch (answer) {
            case Optional<?> optional when optional.isPresent() -> weight(optional.get());
            case ManifestRecord manifest -> 2 * manifest.content().length + 256;
            case Referrer referrer -> 256 + referrer.annotations().size() * 96;
            case Collection<?> items -> items.stream().mapToInt(ReadCache::weight).sum();
            default -> 48;
        };
    }

    private record Entry(long version, Object value) {
    }
}
