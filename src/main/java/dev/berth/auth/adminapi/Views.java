package dev.berth.auth.adminapi;

import dev.berth.auth.AccessToken;
import dev.berth.auth.AuditEvent;
import dev.berth.auth.Member;
import dev.berth.auth.Namespace;
import dev.berth.auth.RepositoryRule;
import dev.berth.auth.Robot;
import dev.berth.auth.User;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the admin API: snake_case fields, times in RFC 3339 UTC, absent optional values left out. No
 * view has a field for a secret or a hash; a new token's or robot's secret is added once, by the creating call.
 */
final class Views {
    private Views() {
    }

    static Map<String, Object> user(User user) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", user.name());
        v.put("admin", user.admin());
        v.put("disabled", user.disabled());
        v.put("created_at", time(user.createdAt()));
        return v;
    }

    static Map<String, Object> token(AccessToken token) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", token.id());
        v.put("user", token.user());
        v.put("description", token.description());
        token.namespace().ifPresent(ns -> v.put("namespace", ns));
        v.put("created_at", time(token.createdAt()));
        v.put("expires_at", time(token.expiresAt()));
        put(v, "revoked_at", token.revokedAt());
        put(v, "last_used_at", token.lastUsedAt());
        return v;
    }

    static Map<String, Object> robot(Robot robot) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", robot.name());
        v.put("username", robot.principalName());
        v.put("description", robot.description());
        v.put("created_by", robot.createdBy());
        v.put("created_at", time(robot.createdAt()));
        put(v, "expires_at", robot.expiresAt());
        put(v, "revoked_at", robot.revokedAt());
        put(v, "last_used_at", robot.lastUsedAt());
        return v;
    }

    static Map<String, Object> namespace(Namespace namespace) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", namespace.name());
        v.put("public", namespace.isPublic());
        v.put("created_at", time(namespace.createdAt()));
        return v;
    }

    static Map<String, Object> member(Member member) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("namespace", member.namespace());
        v.put("member", member.member());
        v.put("role", member.role().label());
        return v;
    }

    static Map<String, Object> rule(RepositoryRule rule) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", rule.id());
        v.put("pattern", rule.pattern());
        rule.subject().ifPresent(s -> v.put("subject", s));
        v.put("role", rule.role().label());
        v.put("created_by", rule.createdBy());
        v.put("created_at", time(rule.createdAt()));
        return v;
    }

    static Map<String, Object> event(AuditEvent event) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", event.id());
        v.put("time", time(event.time()));
        v.put("actor", event.actor());
        v.put("action", event.action());
        v.put("target", event.target());
        v.put("address", event.address());
        v.put("outcome", event.outcome().name().toLowerCase(Locale.ROOT));
        v.put("detail", event.detail());
        return v;
    }

    private static void put(Map<String, Object> view, String field, Optional<Instant> time) {
        time.ifPresent(t -> view.put(field, time(t)));
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
