package dev.berth.metadata.sql;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection and its prepared statements, each prepared once per SQL text and reused. Binds the domain's
 * value types ({@link Digest}, {@link RepositoryName}, {@link Tag}, {@link Instant} as epoch nanoseconds,
 * {@link Optional} as a nullable text) and turns every {@link SQLException} into a
 * {@link dev.berth.domain.RegistryException} whose cause is that exception. Used by one thread at a time.
 */
final class SqlSession implements AutoCloseable {
    private final Connection connection;
    private final SqlDialect dialect;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    SqlSession(Connection connection, SqlDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    Connection connection() {
        return connection;
    }

    SqlDialect dialect() {
        return dialect;
    }

    /** Runs a statement that returns no rows (also {@code BEGIN}, {@code COMMIT}, pragmas); the update count. */
    int update(String sql, Object... params) {
        try {
            return bound(sql, params).executeUpdate();
        } catch (SQLException e) {
            throw dialect.failure(sql, e);
        }
    }

    /** Runs one statement once per row of parameters, as a batch. */
    void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            PreparedStatement statement = prepared(sql);
            for (Object[] row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw dialect.failure(sql, e);
        }
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (ResultSet rows = bound(sql, params).executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return List.copyOf(result);
        } catch (SQLException e) {
            throw dialect.failure(sql, e);
        }
    }

    <T> Optional<T> queryFirst(String sql, RowMapper<T> mapper, Object... params) {
        try (ResultSet rows = bound(sql, params).executeQuery()) {
            return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
        } catch (SQLException e) {
            throw dialect.failure(sql, e);
        }
    }

    /** Closes the prepared statements, not the connection (its owner returns or closes it). */
    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // The connection is being released; a statement that cannot close is gone with it.
            }
        }
        statements.clear();
    }

    private PreparedStatement bound(String sql, Object[] params) throws SQLException {
        PreparedStatement statement = prepared(sql);
        bind(statement, params);
        return statement;
    }

    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            bindOne(statement, i + 1, params[i]);
        }
    }

    private static void bindOne(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case String s -> statement.setString(index, s);
            case Long l -> statement.setLong(index, l);
            case Integer i -> statement.setLong(index, i);
            case byte[] bytes -> statement.setBytes(index, bytes);
            case Instant instant -> statement.setLong(index, EpochNanos.of(instant));
            case Digest digest -> statement.setString(index, digest.toString());
            case RepositoryName name -> statement.setString(index, name.value());
            case Tag tag -> statement.setString(index, tag.value());
            case Optional<?> optional when optional.isPresent() -> bindOne(statement, index, optional.get());
            case Optional<?> ignored -> statement.setNull(index, Types.VARCHAR);
            default -> throw new IllegalArgumentException("cannot bind " + value.getClass().getName());
        }
    }
}
