package dev.berth.auth.sql;

import dev.berth.testing.PostgresTestDatabase;
import dev.berth.auth.IdentityStore;
import dev.berth.auth.IdentityStoreContract;
import dev.berth.auth.IdentityTx;
import dev.berth.auth.User;
import dev.berth.metadata.sql.MetadataDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity store contract against the PostgreSQL on 127.0.0.1:5432 (trust auth, user {@code postgres}), in a
 * database of this class's own that is dropped afterwards. Without a reachable server the class is skipped, except
 * in CI.
 */
class PostgresIdentityStoreTest extends IdentityStoreContract {
    // The server .ci/run prepares (BERTH_TEST_PG_*), by default the trust-auth PostgreSQL on 127.0.0.1:5432.
    private static final String SERVER = PostgresTestDatabase.serverUrl();
    private static final String USER = PostgresTestDatabase.adminUser();
    private static final String PASSWORD = PostgresTestDatabase.adminPassword();
    private static final String DATABASE = "berth_auth_test_" + UUID.randomUUID().toString().replace("-", "");
    private static boolean created;
    private MetadataDatabase database;
    private IdentityStore store;

    @BeforeAll
    static void createDatabase() {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
            created = true;
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL on 127.0.0.1:5432 is required in CI", e);
            }
            Assumptions.abort("PostgreSQL on 127.0.0.1:5432 not reachable: " + e.getMessage());
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (!created) {
            return;
        }
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @BeforeEach
    void open() throws SQLException {
        database = MetadataDatabase.openPostgres(SERVER + DATABASE, USER, PASSWORD, 4);
        store = new SqlIdentityStore(database);
        try (Connection connection = DriverManager.getConnection(SERVER + DATABASE, USER, PASSWORD);
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

        try (MetadataDatabase otherNode = MetadataDatabase.openPostgres(SERVER + DATABASE, USER, PASSWORD, 2)) {
            assertThat(new SqlIdentityStore(otherNode).read((IdentityTx tx) -> tx.user("alice")))
                    .contains(new User("alice", false, false, T0));
        }
    }

    private static Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(SERVER + "postgres?connectTimeout=5", USER, PASSWORD);
    }
}
