package dev.berth.metadata.sql;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataTx;

import java.time.Clock;
import java.util.function.Function;

/**
 * The metadata store on an SQL {@link Database}. A write that loses a race the database reports runs again from
 * the start ({@link WriteRetry}); the work must therefore have no effect outside the transaction.
 */
final class SqlMetadataStore implements MetadataStore {
    private final Database database;
    private final RepositoryIds repositoryIds = new RepositoryIds();
    private final Clock clock;

    SqlMetadataStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public <T> T write(Function<MetadataTx, T> work) {
        return WriteRetry.run(database.dialect(), () -> writeOnce(work));
    }

    @Override
    public <T> T writeWithoutSync(Function<MetadataTx, T> work) {
        return WriteRetry.run(database.dialect(), () -> writeOnce(work, false));
    }

    private <T> T writeOnce(Function<MetadataTx, T> work) {
        return writeOnce(work, true);
    }

    private <T> T writeOnce(Function<MetadataTx, T> work, boolean sync) {
        SqlMetadataTx[] tx = new SqlMetadataTx[1];
        Function<SqlSession, T> inSession = session -> {
            tx[0] = new SqlMetadataTx(session, repositoryIds, clock, true);
            return work.apply(tx[0]);
        };
        T result = sync ? database.write(inSession) : database.writeWithoutSync(inSession);
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
}
