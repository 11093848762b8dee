package dev.berth.metadata.sql;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataTx;

import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The metadata store on an SQL {@link Database}. A write that loses a race the database reports (serialisation
 * failure, deadlock, a busy SQLite file) runs again from the start, a bounded number of times, after a short
 * random pause; the work must therefore have no effect outside the transaction.
 */
final class SqlMetadataStore implements MetadataStore {
    static final int WRITE_ATTEMPTS = 6;

    private final Database database;
    private final RepositoryIds repositoryIds = new RepositoryIds();
    private final Clock clock;

    SqlMetadataStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public <T> T write(Function<MetadataTx, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(work);
            } catch (RegistryException e) {
                if (attempt >= WRITE_ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
                pauseBeforeRetry(attempt, e);
            }
        }
    }

    private <T> T writeOnce(Function<MetadataTx, T> work) {
        SqlMetadataTx[] tx = new SqlMetadataTx[1];
        T result = database.write(session -> {
            tx[0] = new SqlMetadataTx(session, repositoryIds, clock, true);
            return work.apply(tx[0]);
        });
        repositoryIds.rememberAll(tx[0].learnedRepositoryIds());
        return result;
    }

    @Override
    public <T> T read(Function<MetadataTx, T> work) {
        return database.read(session -> work.apply(new SqlMetadataTx(session, repositoryIds, clock, false)));
    }

    @Override
    public void ping() {
        try {
            database.read(session -> session.queryFirst("SELECT 1", row -> row.getInt(1)));
        } catch (RegistryException e) {
            throw e.code() == ErrorCode.UNAVAILABLE
                    ? e : RegistryException.unavailable("metadata database does not answer", e);
        }
    }

    @Override
    public void close() {
        database.close();
    }

    private boolean isRetryable(RegistryException e) {
        return e.getCause() instanceof SQLException sql && database.dialect().isRetryable(sql);
    }

    /** Random pauses of growing length, so racing transactions stop meeting each other. */
    private static void pauseBeforeRetry(int attempt, RegistryException cause) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.unavailable("interrupted while retrying a metadata transaction", cause);
        }
    }
}
