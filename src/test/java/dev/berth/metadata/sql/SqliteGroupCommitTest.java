package dev.berth.metadata.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which commits sync the WAL: every plain write with FULL durability, none of a batch of unsynced writes. */
class SqliteGroupCommitTest {
    private static final int NORMAL = 1;
    private static final int FULL = 2;

    @TempDir
    Path dir;
    private SqliteGroupCommit writer;

    @BeforeEach
    void open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        SqlSession session = new SqlSession(config.createConnection("jdbc:sqlite:" + dir.resolve("g.db")),
                SqlDialect.SQLITE);
        session.update("CREATE TABLE t (v INTEGER)");
        writer = new SqliteGroupCommit(session, SqliteDurability.FULL);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void writeWithoutSync_commitsWithNormalSyncThenRestoresFull() {
        int during = writer.writeWithoutSync(session -> {
            session.update("INSERT INTO t VALUES (1)");
            return synchronous(session);
        });
        int after = writer.write(session -> {
            session.update("INSERT INTO t VALUES (2)");
            return synchronous(session);
        });

        assertThat(during).isEqualTo(NORMAL);
        assertThat(after).isEqualTo(FULL);
        Optional<Integer> rows = writer.write(session -> session.queryFirst("SELECT count(*) FROM t",
                row -> row.getInt(1)));
        assertThat(rows).contains(2);
    }

    @Test
    void writeWithoutSync_failingWork_restoresFullSync() {
        try {
            writer.writeWithoutSync(session -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // The work's own failure.
        }

        int after = writer.write(SqliteGroupCommitTest::synchronous);
        assertThat(after).isEqualTo(FULL);
    }

    private static int synchronous(SqlSession session) {
        return session.queryFirst("PRAGMA synchronous", row -> row.getInt(1)).orElseThrow();
    }
}
