package dev.berth.auth.sql;

import dev.berth.auth.IdentityStore;
import dev.berth.auth.IdentityTx;
import dev.berth.metadata.sql.MetadataDatabase;

import java.util.function.Function;

/**
 * The identity store on the tables of the metadata database (migration {@code V2__auth.sql}): it shares the
 * database's connections and transactions, SQLite's single writer included. It does not own the database.
 */
public final class SqlIdentityStore implements IdentityStore {
    private final MetadataDatabase database;

    public SqlIdentityStore(MetadataDatabase database) {
        this.database = database;
    }

    @Override
    public <T> T write(Function<IdentityTx, T> work) {
        return database.write(session -> work.apply(new SqlIdentityTx(session)));
    }

    @Override
    public <T> T read(Function<IdentityTx, T> work) {
        return database.read(session -> work.apply(new SqlIdentityTx(session)));
    }
}
