package dev.berth.metadata.sql;

import dev.berth.domain.RegistryException;
import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * What differs between the databases the metadata store runs on. The SQL text itself is shared: both accept
 * {@code INSERT … ON CONFLICT … DO NOTHING/UPDATE … RETURNING}; bytewise ordering comes from the schema ({@code COLLATE
 * "C"} on PostgreSQL text keys, SQLite's default {@code BINARY} collation).
 */
enum SqlDialect {
    SQLITE("classpath:db/migration/sqlite", "", "") {
        @Override
        boolean isRetryable(SQLException e) {
            int code = sqliteBaseCode(e);
            return code == SQLITE_BUSY || code == SQLITE_LOCKED;
        }

        @Override
        boolean isConnectionFailure(SQLException e) {
            int code = sqliteBaseCode(e);
            return code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_BUSY;
        }
    },
    POSTGRESQL("classpath:db/migration/postgresql", " FOR UPDATE", " FOR KEY SHARE") {
        @Override
        boolean isRetryable(SQLException e) {
            return PG_RETRYABLE.contains(String.valueOf(e.getSQLState()));
        }

        @Override
        boolean isConnectionFailure(SQLException e) {
            String state = String.valueOf(e.getSQLState());
            return e instanceof SQLTransientConnectionException || state.startsWith("08")
                    || PG_UNAVAILABLE.contains(state);
        }
    };

    // SQLite primary result codes (sqlite3.h); extended codes carry them in their low byte.
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    /** serialization_failure, deadlock_detected: the transaction lost a race and can simply run again. */
    private static final Set<String> PG_RETRYABLE = Set.of("40001", "40P01");
    /** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
    private static final Set<String> PG_UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

    private final String migrations;
    private final String lockRowsSuffix;
    private final String keepRowsSuffix;

    SqlDialect(String migrations, String lockRowsSuffix, String keepRowsSuffix) {
        this.migrations = migrations;
        this.lockRowsSuffix = lockRowsSuffix;
        this.keepRowsSuffix = keepRowsSuffix;
    }

    /** The Flyway location of this database's versioned migrations. */
    String migrations() {
        return migrations;
    }

    /** Appended to a SELECT whose rows the transaction is about to update (SQLite has one writer: nothing). */
    String lockRowsSuffix() {
        return lockRowsSuffix;
    }

    /**
     * Appended to a SELECT whose rows must not be deleted before the transaction ends, because it is about to
     * point at them (SQLite has one writer: nothing).
     */
    String keepRowsSuffix() {
        return keepRowsSuffix;
    }

    /** True when the whole transaction may be run again (it lost a race with another one). */
    abstract boolean isRetryable(SQLException e);

    /** True when the database cannot be reached or cannot work right now, as opposed to a broken statement. */
    abstract boolean isConnectionFailure(SQLException e);

    /** The one error type: {@code UNAVAILABLE} for connection failures, an internal error otherwise. */
    RegistryException failure(String message, SQLException e) {
        return isConnectionFailure(e)
                ? RegistryException.unavailable("metadata database unavailable: " + message, e)
                : RegistryException.internal("metadata database error: " + message, e);
    }

    private static int sqliteBaseCode(SQLException e) {
        return e instanceof SQLiteException s ? s.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
    }
}
