package dev.berth.auth.sql;

import dev.berth.testing.PostgresTestDatabase;
import dev.berth.auth.IdentityStore;
import dev.berth.auth.IdentityStoreContract;
import dev.berth.auth.IdentityTx;
import dev.berth.auth.User;
import dev.berth.metadata.sql.MetadataDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity store contract against the test PostgreSQL ({@link PostgresTestDatabase}: 127.0.0.1:5432 or what
 * {@code .ci/run} prepares), in a database of this class's own that is dropped afterwards. Without a reachable server the class is skipped, except
 * in CI.
 */
class PostgresIdentityStoreTest extends IdentityStoreContract {
    private static PostgresTestDatabase server;
    private MetadataDatabase database;
    private SqlIdentityStore store;

    @BeforeAll
    static void createDatabase() {
        server = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void open() throws SQLException {
        database = MetadataDatabase.openPostgres(server.url(), server.user(), server.password(), 4);
        store = new SqlIdentityStore(database);
        try (Connection connection = server.connect();
             Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE users, robots, access_tokens, namespaces, memberships, repository_rules,"
                    + " audit_events RESTART IDENTITY");
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected IdentityStore store() {
        return store;
    }

    @Test
    void secondNode_seesTheSameIdentities() {
        store.write(tx -> tx.insertUser(new User("alice", false, false, T0), "h"));

        try (MetadataDatabase otherNode = MetadataDatabase.openPostgres(server.url(), server.user(), server.password(), 2)) {
            assertThat(new SqlIdentityStore(otherNode).read((IdentityTx tx) -> tx.user("alice")))
                    .contains(new User("alice", false, false, T0));
        }
    }
}
