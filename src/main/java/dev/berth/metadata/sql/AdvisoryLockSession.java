package dev.berth.metadata.sql;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One PostgreSQL connection holding session-level advisory locks for many holders of this node, one statement at a
 * time. Locks are only ever tried ({@code pg_try_advisory_lock}), never waited for on the connection, so a busy lock
 * blocks nobody else. When the connection fails, PostgreSQL releases every lock it held; the session then counts a
 * new generation and reconnects on next use, and holders of the old generation learn at release that their lock
 * was lost.
 */
final class AdvisoryLockSession implements AutoCloseable {
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?)";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?)";

    private final PGSimpleDataSource source;
    private final ReentrantLock use = new ReentrantLock();
    private Connection connection;
    private long generation;
    private boolean closed;

    AdvisoryLockSession(PGSimpleDataSource source) {
        this.source = source;
    }

    /**
     * Takes the lock if free: the generation it was taken in, or empty when another session holds it. A connection
     * found broken (the server restarted, or ended it) is replaced once: its locks are gone already, so trying on
     * a fresh connection changes nothing for their holders.
     */
    OptionalLong tryLock(long key) {
        use.lock();
        try {
            boolean taken;
            try {
                taken = query(TRY_LOCK, key);
            } catch (RegistryException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || closed) {
                    throw e;
                }
                taken = query(TRY_LOCK, key);
            }
            return taken ? OptionalLong.of(generation) : OptionalLong.empty();
        } finally {
            use.unlock();
        }
    }

    /**
     * Releases a lock taken in {@code takenIn}. False when it was lost before (the connection failed meanwhile, so
     * PostgreSQL had already released it, or fails now, which releases it too).
     */
    boolean unlock(long key, long takenIn) {
        use.lock();
        try {
            if (takenIn != generation || connection == null) {
                return false;
            }
            try {
                return query(UNLOCK, key);
            } catch (RegistryException e) {
                if (e.code() == ErrorCode.UNAVAILABLE) {
                    return false;
                }
                throw e;
            }
        } finally {
            use.unlock();
        }
    }

    private boolean query(String sql, long key) {
        if (closed) {
            throw RegistryException.unavailable("lock session is closed", new SQLException("closed"));
        }
        try {
            if (connection == null) {
                connection = source.getConnection();
                connection.setAutoCommit(true);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, key);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() && row.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            discardConnection();
            throw SqlDialect.POSTGRESQL.isConnectionFailure(e) || connectionIsGone(e)
                    ? RegistryException.unavailable("lock database unavailable", e)
                    : RegistryException.internal("advisory lock statement failed", e);
        }
    }

    private static boolean connectionIsGone(SQLException e) {
        return e.getSQLState() == null || e.getSQLState().startsWith("57");
    }

    /** Drops a connection that failed: whatever locks it held are gone with it, which the new generation records. */
    private void discardConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is already broken.
            }
            connection = null;
        }
        generation++;
    }

    @Override
    public void close() {
        use.lock();
        try {
            closed = true;
            discardConnection();
        } finally {
            use.unlock();
        }
    }
}
