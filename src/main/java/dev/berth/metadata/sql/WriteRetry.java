package dev.berth.metadata.sql;

import dev.berth.domain.RegistryException;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a write transaction again when it lost a race the database reports (serialisation failure, deadlock, a
 * busy SQLite file), a bounded number of times, after a short random pause of growing length so racing
 * transactions stop meeting each other. The work must therefore have no effect outside the transaction.
 */
final class WriteRetry {
    static final int WRITE_ATTEMPTS = 6;

    private WriteRetry() {
    }

    static <T> T run(SqlDialect dialect, Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RegistryException e) {
                boolean retryable = e.getCause() instanceof SQLException sql && dialect.isRetryable(sql);
                if (attempt >= WRITE_ATTEMPTS || !retryable) {
                    throw e;
                }
                pause(attempt, e);
            }
        }
    }

    private static void pause(int attempt, RegistryException cause) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.unavailable("interrupted while retrying a metadata transaction", cause);
        }
    }
}
