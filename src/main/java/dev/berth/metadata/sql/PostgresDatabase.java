package dev.berth.metadata.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * A PostgreSQL database through a HikariCP pool. Writes run in READ COMMITTED (upserts and row locks make them
 * correct against writers on other nodes); reads run in REPEATABLE READ READ ONLY, one snapshot for the whole
 * read. Connections are handed out with auto-commit off.
 */
final class PostgresDatabase implements Database {
    private static final String READ_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    private static final long CONNECTION_TIMEOUT_MILLIS = 10_000;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final HikariDataSource pool;

    private PostgresDatabase(HikariDataSource pool) {
        this.pool = pool;
    }

    static PostgresDatabase open(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("berth-metadata");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("ApplicationName", "berth");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        try {
            return new PostgresDatabase(new HikariDataSource(config));
        } catch (HikariPool.PoolInitializationException e) {
            throw RegistryException.unavailable("cannot connect to the metadata database", e);
        }
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }

    @Override
    public <T> T write(Function<SqlSession, T> work) {
        return inTransaction(false, work);
    }

    /** PostgreSQL's asynchronous commit for this transaction only: the WAL is flushed shortly after, not awaited. */
    @Override
    public <T> T writeWithoutSync(Function<SqlSession, T> work) {
        return inTransaction(false, session -> {
            session.update("SET LOCAL synchronous_commit TO OFF");
            return work.apply(session);
        });
    }

    @Override
    public <T> T read(Function<SqlSession, T> work) {
        return inTransaction(true, work);
    }

    /**
     * Runs one transaction. When the server dropped the connection (restart, failover, an administrator ending
     * backends), every pooled connection is likely dead too: they are all evicted, and a read is tried once more on
     * a fresh connection. A write is not repeated here: whether its commit reached the server is unknown.
     */
    private <T> T inTransaction(boolean readOnly, Function<SqlSession, T> work) {
        try {
            return inTransactionOnce(readOnly, work);
        } catch (RegistryException e) {
            if (!isConnectionLoss(e)) {
                throw e;
            }
            pool.getHikariPoolMXBean().softEvictConnections();
            if (!readOnly) {
                throw e;
            }
            return inTransactionOnce(true, work);
        }
    }

    /** SQLState class 08 (connection exception) or 57P01–57P03 (the server is shutting down or ended the backend). */
    private static boolean isConnectionLoss(RegistryException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private <T> T inTransactionOnce(boolean readOnly, Function<SqlSession, T> work) {
        if (pool.isClosed()) {
            throw RegistryException.of(ErrorCode.UNAVAILABLE, "metadata store is closed");
        }
        try (Connection connection = pool.getConnection();
             SqlSession session = new SqlSession(connection, SqlDialect.POSTGRESQL)) {
            boolean committed = false;
            try {
                if (readOnly) {
                    session.update(READ_SNAPSHOT);
                }
                T result = work.apply(session);
                connection.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(connection);
                }
            }
        } catch (SQLException e) {
            throw SqlDialect.POSTGRESQL.failure(readOnly ? "read transaction" : "write transaction", e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // A broken connection has no transaction left; the pool discards it.
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
