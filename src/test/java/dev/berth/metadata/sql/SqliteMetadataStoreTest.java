package dev.berth.metadata.sql;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.Tag;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataStoreContract;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.MetadataTx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteMetadataStoreTest extends MetadataStoreContract {
    @TempDir
    Path dir;
    private final AtomicInteger files = new AtomicInteger();

    @Override
    protected MetadataStore newStore() {
        return SqliteMetadataStore.open(dir.resolve("db" + files.incrementAndGet()).resolve("metadata.db"),
                SqliteDurability.FULL);
    }

    @Test
    void open_existingFile_keepsEverythingAcrossReopen() {
        Path file = dir.resolve("reopen.db");
        ManifestRecord manifest = image("persisted");
        try (MetadataStore first = SqliteMetadataStore.open(file, SqliteDurability.NORMAL)) {
            first.write(tx -> {
                tx.putManifest(repo("r"), manifest);
                return tx.putTag(repo("r"), new Tag("latest"), manifest.digest());
            });
        }

        try (MetadataStore second = SqliteMetadataStore.open(file, SqliteDurability.FULL)) {
            assertThat(second.read((MetadataTx tx) -> tx.manifest(repo("r"), manifest.digest()))).contains(manifest);
            assertThat(second.read((MetadataTx tx) -> tx.tag(repo("r"), new Tag("latest")))).contains(manifest.digest());
            assertThat(second.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 10))).containsExactly(repo("r"));
        }
    }

    @Test
    void openExisting_missingFile_unavailableAndNothingCreated() {
        Path file = dir.resolve("absent").resolve("metadata.db");

        assertThatThrownBy(() -> MetadataDatabase.openExistingSqlite(file, SqliteDurability.NORMAL))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("no metadata database at");
        assertThat(file).doesNotExist();
    }

    @Test
    void openExisting_currentSchema_readsWhatWasWritten() {
        Path file = dir.resolve("existing.db");
        ManifestRecord manifest = image("kept");
        try (MetadataStore first = SqliteMetadataStore.open(file, SqliteDurability.NORMAL)) {
            first.write(tx -> {
                tx.putManifest(repo("r"), manifest);
                return null;
            });
        }

        try (MetadataDatabase existing = MetadataDatabase.openExistingSqlite(file, SqliteDurability.NORMAL)) {
            assertThat(existing.metadataStore().read((MetadataTx tx) -> tx.manifest(repo("r"), manifest.digest())))
                    .contains(manifest);
        }
    }

    @Test
    void openExisting_fileWithoutBerthSchema_unavailable() throws Exception {
        Path file = dir.resolve("foreign.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE something_else (x INTEGER)");
        }

        assertThatThrownBy(() -> MetadataDatabase.openExistingSqlite(file, SqliteDurability.NORMAL))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("schema migration");
    }

    @Test
    void open_newFile_usesWalAndMigratesOnce() throws SQLException {
        Path file = dir.resolve("pragmas.db");
        SqliteMetadataStore.open(file, SqliteDurability.FULL).close();
        SqliteMetadataStore.open(file, SqliteDurability.FULL).close();

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            assertThat(single(statement, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(single(statement, "SELECT count(*) FROM flyway_schema_history WHERE success = 1"))
                    .isEqualTo("3");
            assertThat(single(statement, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master"
                    + " WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'flyway%' ORDER BY name)"))
                    .isEqualTo("access_tokens,audit_events,blobs,job_runs,manifest_references,manifests,memberships,"
                            + "namespaces,repositories,repository_blobs,repository_rules,robots,tags,uploads,users");
        }
    }

    @Test
    void open_pathUnderARegularFile_throwsUnavailable() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> SqliteMetadataStore.open(notADirectory.resolve("metadata.db"), SqliteDurability.FULL))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void read_triesToWrite_failsAndWritesNothing() {
        assertThatThrownBy(() -> store.read(tx -> {
            tx.putBlob(digest("sneaky"), 1);
            return null;
        })).isInstanceOf(RegistryException.class);

        assertThat(store.read((MetadataTx tx) -> tx.blobSize(digest("sneaky")))).isEmpty();
    }

    @Test
    void write_nestedInsideAnotherWrite_failsAndStoreKeepsWorking() {
        assertThatThrownBy(() -> store.write(outer -> {
            outer.putBlob(digest("outer"), 1);
            return store.write(inner -> {
                inner.putBlob(digest("inner"), 1);
                return null;
            });
        })).isInstanceOf(RegistryException.class);

        store.write(tx -> {
            tx.putBlob(digest("after"), 1);
            return null;
        });
        assertThat(store.read((MetadataTx tx) -> List.of(tx.blobSize(digest("outer")), tx.blobSize(digest("inner")),
                tx.blobSize(digest("after"))))).containsExactly(Optional.empty(), Optional.empty(), Optional.of(1L));
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
