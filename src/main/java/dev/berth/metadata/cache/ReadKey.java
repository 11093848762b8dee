package dev.berth.metadata.cache;

import java.util.List;

/** One cached question: which read, with which arguments (all non-null values with equality). */
record ReadKey(Query query, List<?> arguments) {

    static ReadKey of(Query query, Object... arguments) {
        return new ReadKey(query, List.of(arguments));
    }

    /** The reads of {@link dev.berth.metadata.MetadataTx} whose answers are cached: the ones pulls repeat. */
    enum Query {
        REPOSITORY_EXISTS,
        BLOB_SIZE,
        LINKED_BLOB_SIZE,
        MANIFEST,
        MANIFEST_EXISTS,
        TAG,
        TAGS,
        TAGS_OF,
        REFERRERS
    }
}
