package dev.berth.auth.sql;

import dev.berth.auth.AccessToken;
import dev.berth.auth.AuditEvent;
import dev.berth.auth.AuditQuery;
import dev.berth.auth.IdentityTx;
import dev.berth.auth.Member;
import dev.berth.auth.Namespace;
import dev.berth.auth.NewRule;
import dev.berth.auth.RepositoryRule;
import dev.berth.auth.Robot;
import dev.berth.auth.RobotLogin;
import dev.berth.auth.TokenLogin;
import dev.berth.auth.User;
import dev.berth.auth.UserLogin;
import dev.berth.metadata.sql.SqlSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.berth.auth.sql.IdentityRows.AUDIT_COLUMNS;
import static dev.berth.auth.sql.IdentityRows.EVERYONE;
import static dev.berth.auth.sql.IdentityRows.ROBOT_COLUMNS;
import static dev.berth.auth.sql.IdentityRows.RULE_COLUMNS;
import static dev.berth.auth.sql.IdentityRows.TOKEN_COLUMNS;
import static dev.berth.auth.sql.IdentityRows.USER_COLUMNS;
import static dev.berth.auth.sql.IdentityRows.flag;

/**
 * The identity operations in SQL shared by SQLite and PostgreSQL. A nullable time parameter is written
 * {@code CAST(? AS BIGINT)}: an absent value is bound as a text NULL, which PostgreSQL would not put in a BIGINT
 * column without the cast.
 */
final class SqlIdentityTx implements IdentityTx {
    private final SqlSession sql;

    SqlIdentityTx(SqlSession sql) {
        this.sql = sql;
    }

    // Users.

    @Override
    public boolean insertUser(User user, String passwordHash) {
        return sql.update("INSERT INTO users (name, password_hash, admin, disabled, created_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (name) DO NOTHING",
                user.name(), passwordHash, flag(user.admin()), flag(user.disabled()), user.createdAt()) > 0;
    }

    @Override
    public Optional<User> user(String name) {
        return sql.queryFirst("SELECT " + USER_COLUMNS + " FROM users WHERE name = ?", IdentityRows::user, name);
    }

    @Override
    public Optional<UserLogin> userLogin(String name) {
        return sql.queryFirst("SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE name = ?",
                row -> new UserLogin(IdentityRows.user(row), row.getString("password_hash")), name);
    }

    @Override
    public List<User> users() {
        return sql.query("SELECT " + USER_COLUMNS + " FROM users ORDER BY name", IdentityRows::user);
    }

    @Override
    public boolean deleteUser(String name) {
        sql.update("DELETE FROM memberships WHERE member = ?", name);
        sql.update("DELETE FROM repository_rules WHERE subject = ?", name);
        sql.update("DELETE FROM access_tokens WHERE user_name = ?", name);
        return sql.update("DELETE FROM users WHERE name = ?", name) > 0;
    }

    @Override
    public boolean updatePasswordHash(String name, String passwordHash) {
        return sql.update("UPDATE users SET password_hash = ? WHERE name = ?", passwordHash, name) > 0;
    }

    @Override
    public boolean updateAdmin(String name, boolean admin) {
        return sql.update("UPDATE users SET admin = ? WHERE name = ?", flag(admin), name) > 0;
    }

    @Override
    public boolean updateDisabled(String name, boolean disabled) {
        return sql.update("UPDATE users SET disabled = ? WHERE name = ?", flag(disabled), name) > 0;
    }

    @Override
    public int countEnabledAdmins() {
        return sql.queryFirst("SELECT count(*) FROM users WHERE admin = 1 AND disabled = 0", row -> row.getInt(1))
                .orElse(0);
    }

    // Robots.

    @Override
    public boolean insertRobot(Robot robot, byte[] secretHash) {
        return sql.update("INSERT INTO robots (name, secret_hash, description, created_by, created_at, expires_at,"
                        + " revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT),"
                        + " CAST(? AS BIGINT)) ON CONFLICT (name) DO NOTHING",
                robot.name(), secretHash, robot.description(), robot.createdBy(), robot.createdAt(),
                robot.expiresAt(), robot.revokedAt(), robot.lastUsedAt()) > 0;
    }

    @Override
    public Optional<Robot> robot(String name) {
        return sql.queryFirst("SELECT " + ROBOT_COLUMNS + " FROM robots WHERE name = ?", IdentityRows::robot, name);
    }

    @Override
    public Optional<RobotLogin> robotLogin(String name) {
        return sql.queryFirst("SELECT " + ROBOT_COLUMNS + ", secret_hash FROM robots WHERE name = ?",
                row -> new RobotLogin(IdentityRows.robot(row), row.getBytes("secret_hash")), name);
    }

    @Override
    public List<Robot> robots() {
        return sql.query("SELECT " + ROBOT_COLUMNS + " FROM robots ORDER BY name", IdentityRows::robot);
    }

    @Override
    public boolean revokeRobot(String name, Instant at) {
        return sql.update("UPDATE robots SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", at, name) > 0;
    }

    @Override
    public void markRobotUsed(String name, Instant at) {
        sql.update("UPDATE robots SET last_used_at = ? WHERE name = ?", at, name);
    }

    // Personal access tokens.

    @Override
    public boolean insertToken(AccessToken token, byte[] secretHash) {
        return sql.update("INSERT INTO access_tokens (id, user_name, secret_hash, description, namespace, created_at,"
                        + " expires_at, revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS BIGINT),"
                        + " CAST(? AS BIGINT)) ON CONFLICT (id) DO NOTHING",
                token.id(), token.user(), secretHash, token.description(), token.namespace(), token.createdAt(),
                token.expiresAt(), token.revokedAt(), token.lastUsedAt()) > 0;
    }

    @Override
    public Optional<AccessToken> token(String id) {
        return sql.queryFirst("SELECT " + TOKEN_COLUMNS + " FROM access_tokens WHERE id = ?", IdentityRows::token, id);
    }

    @Override
    public Optional<TokenLogin> tokenLogin(String id) {
        return sql.queryFirst("SELECT t.id, t.user_name, t.description, t.namespace, t.created_at, t.expires_at,"
                        + " t.revoked_at, t.last_used_at, t.secret_hash, u.name, u.admin, u.disabled,"
                        + " u.created_at AS user_created_at"
                        + " FROM access_tokens t JOIN users u ON u.name = t.user_name WHERE t.id = ?",
                row -> new TokenLogin(IdentityRows.token(row), row.getBytes("secret_hash"),
                        new User(row.getString("name"), row.getInt("admin") == 1, row.getInt("disabled") == 1,
                                SqlSession.instant(row.getLong("user_created_at")))), id);
    }

    @Override
    public List<AccessToken> tokensOf(String user) {
        return sql.query("SELECT " + TOKEN_COLUMNS + " FROM access_tokens WHERE user_name = ?"
                + " ORDER BY created_at DESC, id", IdentityRows::token, user);
    }

    @Override
    public List<AccessToken> tokens() {
        return sql.query("SELECT " + TOKEN_COLUMNS + " FROM access_tokens ORDER BY created_at DESC, id",
                IdentityRows::token);
    }

    @Override
    public boolean revokeToken(String id, Instant at) {
        return sql.update("UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id) > 0;
    }

    @Override
    public void markTokenUsed(String id, Instant at) {
        sql.update("UPDATE access_tokens SET last_used_at = ? WHERE id = ?", at, id);
    }

    // Namespaces and memberships.

    @Override
    public boolean insertNamespace(Namespace namespace) {
        return sql.update("INSERT INTO namespaces (name, is_public, created_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (name) DO NOTHING",
                namespace.name(), flag(namespace.isPublic()), namespace.createdAt()) > 0;
    }

    @Override
    public boolean deleteNamespace(String name) {
        sql.update("DELETE FROM memberships WHERE namespace = ?", name);
        return sql.update("DELETE FROM namespaces WHERE name = ?", name) > 0;
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return sql.queryFirst("SELECT name, is_public, created_at FROM namespaces WHERE name = ?",
                IdentityRows::namespace, name);
    }

    @Override
    public List<Namespace> namespaces() {
        return sql.query("SELECT name, is_public, created_at FROM namespaces ORDER BY name", IdentityRows::namespace);
    }

    @Override
    public boolean updatePublic(String name, boolean isPublic) {
        return sql.update("UPDATE namespaces SET is_public = ? WHERE name = ?", flag(isPublic), name) > 0;
    }

    @Override
    public void putMember(Member member) {
        sql.update("INSERT INTO memberships (namespace, member, role) VALUES (?, ?, ?)"
                        + " ON CONFLICT (namespace, member) DO UPDATE SET role = excluded.role",
                member.namespace(), member.member(), member.role().label());
    }

    @Override
    public boolean deleteMember(String namespace, String member) {
        return sql.update("DELETE FROM memberships WHERE namespace = ? AND member = ?", namespace, member) > 0;
    }

    @Override
    public List<Member> members(String namespace) {
        return sql.query("SELECT namespace, member, role FROM memberships WHERE namespace = ? ORDER BY member",
                IdentityRows::member, namespace);
    }

    @Override
    public List<Member> memberships() {
        return sql.query("SELECT namespace, member, role FROM memberships ORDER BY namespace, member",
                IdentityRows::member);
    }

    @Override
    public List<Member> membershipsOf(String member) {
        return sql.query("SELECT namespace, member, role FROM memberships WHERE member = ? ORDER BY namespace",
                IdentityRows::member, member);
    }

    // Repository rules.

    @Override
    public Optional<RepositoryRule> insertRule(NewRule rule, String createdBy, Instant at) {
        return sql.queryFirst("INSERT INTO repository_rules (pattern, subject, role, created_by, created_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (pattern, subject) DO NOTHING RETURNING " + RULE_COLUMNS,
                IdentityRows::rule, rule.pattern(), rule.subject().orElse(EVERYONE), rule.role().label(), createdBy,
                at);
    }

    @Override
    public Optional<RepositoryRule> rule(long id) {
        return sql.queryFirst("SELECT " + RULE_COLUMNS + " FROM repository_rules WHERE id = ?", IdentityRows::rule, id);
    }

    @Override
    public boolean deleteRule(long id) {
        return sql.update("DELETE FROM repository_rules WHERE id = ?", id) > 0;
    }

    @Override
    public List<RepositoryRule> rules() {
        return sql.query("SELECT " + RULE_COLUMNS + " FROM repository_rules ORDER BY id", IdentityRows::rule);
    }

    // Audit log.

    @Override
    public AuditEvent appendAudit(Instant at, String actor, String action, String target, String address,
                                  AuditEvent.Outcome outcome, String detail) {
        return sql.queryFirst("INSERT INTO audit_events (occurred_at, actor, action, target, address, outcome, detail)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + AUDIT_COLUMNS, IdentityRows::auditEvent,
                        at, actor, action, target, address, IdentityRows.outcome(outcome), detail)
                .orElseThrow();
    }

    @Override
    public List<AuditEvent> auditEvents(AuditQuery query) {
        if (query.limit() <= 0) {
            return List.of();
        }
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        query.beforeId().ifPresent(id -> condition(where, params, "id < ?", id));
        query.action().ifPresent(action -> condition(where, params, "action = ?", action));
        query.actor().ifPresent(actor -> condition(where, params, "actor = ?", actor));
        params.add(query.limit());
        return sql.query("SELECT " + AUDIT_COLUMNS + " FROM audit_events" + where + " ORDER BY id DESC LIMIT ?",
                IdentityRows::auditEvent, params.toArray());
    }

    private static void condition(StringBuilder where, List<Object> params, String condition, Object param) {
        where.append(where.isEmpty() ? " WHERE " : " AND ").append(condition);
        params.add(param);
    }
}
