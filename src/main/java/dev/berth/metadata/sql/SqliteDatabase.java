package dev.berth.metadata.sql;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An SQLite file in WAL mode: one write connection, behind {@link SqliteGroupCommit} so writers queue in the JVM
 * instead of spinning on {@code SQLITE_BUSY} and share commits, and a few read connections, each reading a
 * committed snapshot while the writer works. Every connection keeps its prepared statements for its whole life.
 */
final class SqliteDatabase implements Database {
    static final int READERS = 4;
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final SqliteGroupCommit writer;
    private final BlockingQueue<SqlSession> readers = new ArrayBlockingQueue<>(READERS);
    private volatile boolean closed;

    private SqliteDatabase(SqlSession writer, List<SqlSession> readers, SqliteDurability durability) {
        this.writer = new SqliteGroupCommit(writer, durability);
        this.readers.addAll(readers);
    }

    /** A data source for one-off connections (migrations) with the same settings as the store's own. */
    static SQLiteDataSource dataSource(String url, SqliteDurability durability) {
        SQLiteDataSource dataSource = new SQLiteDataSource(config(durability));
        dataSource.setUrl(url);
        return dataSource;
    }

    static SqliteDatabase open(String url, SqliteDurability durability) {
        List<SqlSession> opened = new ArrayList<>();
        try {
            SQLiteConfig config = config(durability);
            SqlSession writer = new SqlSession(config.createConnection(url), SqlDialect.SQLITE);
            opened.add(writer);
            List<SqlSession> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                SqlSession reader = new SqlSession(config.createConnection(url), SqlDialect.SQLITE);
                opened.add(reader);
                reader.update("PRAGMA query_only = ON");
                readers.add(reader);
            }
            return new SqliteDatabase(writer, readers, durability);
        } catch (SQLException e) {
            opened.forEach(SqliteDatabase::closeQuietly);
            throw SqlDialect.SQLITE.failure("cannot open " + url, e);
        } catch (RuntimeException e) {
            opened.forEach(SqliteDatabase::closeQuietly);
            throw e;
        }
    }

    private static SQLiteConfig config(SqliteDurability durability) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durability == SqliteDurability.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return config;
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }

    @Override
    public <T> T write(Function<SqlSession, T> work) {
        return writer.write(work);
    }

    @Override
    public <T> T writeWithoutSync(Function<SqlSession, T> work) {
        return writer.writeWithoutSync(work);
    }

    @Override
    public <T> T read(Function<SqlSession, T> work) {
        ensureOpen();
        SqlSession reader = borrowReader();
        try {
            // A deferred BEGIN: the WAL snapshot is taken by the first read and kept until COMMIT.
            return inTransaction(reader, "BEGIN", work);
        } finally {
            readers.add(reader);
        }
    }

    private static <T> T inTransaction(SqlSession session, String begin, Function<SqlSession, T> work) {
        session.update(begin);
        boolean committed = false;
        try {
            T result = work.apply(session);
            session.update("COMMIT");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackQuietly(session);
            }
        }
    }

    private static void rollbackQuietly(SqlSession session) {
        try (Statement statement = session.connection().createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // Nothing to roll back.
        }
    }

    private SqlSession borrowReader() {
        try {
            SqlSession reader = readers.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (reader == null) {
                throw RegistryException.of(ErrorCode.UNAVAILABLE, "no metadata read connection free");
            }
            return reader;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.unavailable("interrupted waiting for a metadata read connection", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw RegistryException.of(ErrorCode.UNAVAILABLE, "metadata store is closed");
        }
    }

    /** Waits for the batch being committed and for reads in progress (bounded), then closes every connection. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        for (int i = 0; i < READERS; i++) {
            try {
                SqlSession reader = readers.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (reader == null) {
                    return;
                }
                closeQuietly(reader);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(SqlSession session) {
        session.close();
        try {
            session.connection().close();
        } catch (SQLException ignored) {
            // Closing a local file connection; nothing to recover.
        }
    }
}
