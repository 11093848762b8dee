package dev.berth.auth.sql;

import dev.berth.auth.AccessToken;
import dev.berth.auth.AuditEvent;
import dev.berth.auth.Member;
import dev.berth.auth.Namespace;
import dev.berth.auth.RepositoryRule;
import dev.berth.auth.Robot;
import dev.berth.auth.Role;
import dev.berth.auth.User;
import dev.berth.metadata.sql.SqlSession;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Column lists and row readers of the identity tables, so every query selects and reads the same columns. */
final class IdentityRows {
    static final String USER_COLUMNS = "name, admin, disabled, created_at";
    static final String ROBOT_COLUMNS =
            "name, description, created_by, created_at, expires_at, revoked_at, last_used_at";
    static final String TOKEN_COLUMNS =
            "id, user_name, description, namespace, created_at, expires_at, revoked_at, last_used_at";
    static final String RULE_COLUMNS = "id, pattern, subject, role, created_by, created_at";
    static final String AUDIT_COLUMNS = "id, occurred_at, actor, action, target, address, outcome, detail";
    /** The {@code subject} of a rule for everyone. */
    static final String EVERYONE = "*";

    private IdentityRows() {
    }

    static User user(ResultSet row) throws SQLException {
        return new User(row.getString("name"), row.getInt("admin") == 1, row.getInt("disabled") == 1,
                instant(row, "created_at"));
    }

    static Robot robot(ResultSet row) throws SQLException {
        return new Robot(row.getString("name"), row.getString("description"), row.getString("created_by"),
                instant(row, "created_at"), optionalInstant(row, "expires_at"), optionalInstant(row, "revoked_at"),
                optionalInstant(row, "last_used_at"));
    }

    static AccessToken token(ResultSet row) throws SQLException {
        return new AccessToken(row.getString("id"), row.getString("user_name"), row.getString("description"),
                Optional.ofNullable(row.getString("namespace")), instant(row, "created_at"),
                instant(row, "expires_at"), optionalInstant(row, "revoked_at"), optionalInstant(row, "last_used_at"));
    }

    static Namespace namespace(ResultSet row) throws SQLException {
        return new Namespace(row.getString("name"), row.getInt("is_public") == 1, instant(row, "created_at"));
    }

    static Member member(ResultSet row) throws SQLException {
        return new Member(row.getString("namespace"), row.getString("member"), Role.parse(row.getString("role")));
    }

    static RepositoryRule rule(ResultSet row) throws SQLException {
        String subject = row.getString("subject");
        return new RepositoryRule(row.getLong("id"), row.getString("pattern"),
                EVERYONE.equals(subject) ? Optional.empty() : Optional.of(subject), Role.parse(row.getString("role")),
                row.getString("created_by"), instant(row, "created_at"));
    }

    static AuditEvent auditEvent(ResultSet row) throws SQLException {
        return new AuditEvent(row.getLong("id"), instant(row, "occurred_at"), row.getString("actor"),
                row.getString("action"), row.getString("target"), row.getString("address"),
                AuditEvent.Outcome.valueOf(row.getString("outcome").toUpperCase(Locale.ROOT)), row.getString("detail"));
    }

    static String outcome(AuditEvent.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    static int flag(boolean value) {
        return value ? 1 : 0;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return SqlSession.instant(row.getLong(column));
    }

    private static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
        long nanos = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(SqlSession.instant(nanos));
    }
}
