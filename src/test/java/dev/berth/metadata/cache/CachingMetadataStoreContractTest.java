package dev.berth.metadata.cache;

import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataStoreContract;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.SqliteMetadataStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The read cache in front of SQLite answers exactly what the store alone answers: the whole contract again. */
class CachingMetadataStoreContractTest extends MetadataStoreContract {
    @TempDir
    Path dir;
    private final AtomicInteger files = new AtomicInteger();

    @Override
    protected MetadataStore newStore() {
        return new CachingMetadataStore(SqliteMetadataStore.open(
                dir.resolve("db" + files.incrementAndGet()).resolve("metadata.db"), SqliteDurability.NORMAL),
                1L << 20);
    }
}
