package dev.berth.testing;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own on the test PostgreSQL server, dropped on close. The server is the one named by
 * {@code BERTH_TEST_PG_URL} / {@code BERTH_TEST_PG_USER} / {@code BERTH_TEST_PG_PASSWORD} (set by {@code .ci/run}),
 * else {@code 127.0.0.1:5432} as user {@code postgres} without a password. Without a reachable server the calling
 * test is skipped, except in CI ({@code CI=true}) where that is a failure.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;

    private PostgresTestDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** Creates a fresh, empty database (or skips the test when there is no server). */
    public static PostgresTestDatabase create() {
        String adminUrl = env("BERTH_TEST_PG_URL", DEFAULT_ADMIN_URL);
        String user = env("BERTH_TEST_PG_USER", "postgres");
        String password = env("BERTH_TEST_PG_PASSWORD", "");
        String name = "berth_test_" + UUID.randomUUID().toString().replace("-", "");
        PostgresTestDatabase database = new PostgresTestDatabase(adminUrl, user, password, name);
        try (Connection admin = database.admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL at " + adminUrl + " is required in CI", e);
            }
            Assumptions.abort("PostgreSQL at " + adminUrl + " not reachable: " + e.getMessage());
        }
        return database;
    }

    /** The JDBC URL of this database. */
    public String url() {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = adminUrl.indexOf('?');
        String server = slash < 0 ? adminUrl : adminUrl.substring(0, slash);
        return server + "/" + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    /** A plain connection to this database (auto-commit), for a test's own statements. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, password);
    }

    /** Ends every session of this database except the caller's, as if the server had dropped them; the count. */
    public int terminateConnections(String applicationNameLike) throws SQLException {
        try (Connection admin = admin(); var statement = admin.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = ? AND pid <> pg_backend_pid() AND application_name LIKE ?")) {
            statement.setString(1, name);
            statement.setString(2, applicationNameLike);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    @Override
    public void close() {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new AssertionError("cannot drop test database " + name, e);
        }
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(adminUrl + (adminUrl.contains("?") ? "&" : "?") + "connectTimeout=5",
                user, password);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
