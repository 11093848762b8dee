package dev.berth.metadata.sql;

import dev.berth.domain.RepositoryName;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Repository name → row id, shared by every transaction of a store. Repository rows are never deleted (a
 * repository without manifests or blobs simply stops being listed), so an id, once committed, stays right
 * forever, on every node. Only committed ids enter the cache.
 */
final class RepositoryIds {
    /** Past this many entries the cache starts over rather than grow without bound. */
    private static final int MAX_ENTRIES = 100_000;

    private final Map<RepositoryName, Long> ids = new ConcurrentHashMap<>();

    Optional<Long> cached(RepositoryName repository) {
        return Optional.ofNullable(ids.get(repository));
    }

    void remember(RepositoryName repository, long id) {
        if (ids.size() >= MAX_ENTRIES) {
            ids.clear();
        }
        ids.put(repository, id);
    }

    void rememberAll(Map<RepositoryName, Long> committed) {
        committed.forEach(this::remember);
    }
}
