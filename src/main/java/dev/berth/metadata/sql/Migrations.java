package dev.berth.metadata.sql;

import dev.berth.domain.RegistryException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.sql.SQLException;

/** Brings a database's schema to the latest version with Flyway, from the migrations of its dialect. */
final class Migrations {
    private Migrations() {
    }

    static void migrate(DataSource dataSource, SqlDialect dialect) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrations())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw failure(e, dialect);
        }
    }

    /** How many migrations the database lacks (all of them when it holds no Berth schema at all). */
    static int pending(DataSource dataSource, SqlDialect dialect) {
        try {
            return Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrations())
                    .load()
                    .info()
                    .pending()
                    .length;
        } catch (FlywayException e) {
            throw failure(e, dialect);
        }
    }

    private static RegistryException failure(FlywayException e, SqlDialect dialect) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && dialect.isConnectionFailure(sql)) {
                return RegistryException.unavailable("cannot reach the metadata database to migrate it", e);
            }
        }
        return RegistryException.internal("metadata schema migration failed", e);
    }
}
