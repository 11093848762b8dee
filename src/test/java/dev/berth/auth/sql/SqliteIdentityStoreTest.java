package dev.berth.auth.sql;

import dev.berth.auth.IdentityStore;
import dev.berth.auth.IdentityStoreContract;
import dev.berth.auth.IdentityTx;
import dev.berth.auth.Namespace;
import dev.berth.auth.User;
import dev.berth.domain.RepositoryName;
import dev.berth.metadata.MetadataTx;
import dev.berth.metadata.sql.MetadataDatabase;
import dev.berth.metadata.sql.SqliteDurability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteIdentityStoreTest extends IdentityStoreContract {
    @TempDir
    Path dir;
    private MetadataDatabase database;
    private IdentityStore store;

    @BeforeEach
    void open() {
        database = MetadataDatabase.openSqlite(dir.resolve("metadata.db"), SqliteDurability.NORMAL);
        store = new SqlIdentityStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected IdentityStore store() {
        return store;
    }

    @Test
    void reopen_keepsIdentitiesNextToTheMetadata() {
        store.write(tx -> tx.insertUser(new User("alice", true, false, T0), "h"));
        store.write(tx -> tx.insertNamespace(new Namespace("team", true, T0)));
        database.close();

        try (MetadataDatabase reopened = MetadataDatabase.openSqlite(dir.resolve("metadata.db"),
                SqliteDurability.FULL)) {
            SqlIdentityStore again = new SqlIdentityStore(reopened);
            assertThat(again.read((IdentityTx tx) -> tx.user("alice")))
                    .contains(new User("alice", true, false, T0));
            assertThat(again.read((IdentityTx tx) -> tx.namespace("team")))
                    .contains(new Namespace("team", true, T0));
            assertThat(reopened.metadataStore().read((MetadataTx tx) -> tx.repositoryExists(
                    new RepositoryName("team/app")))).isFalse();
        }
    }
}
