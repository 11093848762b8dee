package dev.berth.auth.adminapi;

import dev.berth.auth.AccessAdmin;
import dev.berth.auth.Actor;
import dev.berth.auth.AuditQuery;
import dev.berth.auth.Caller;
import dev.berth.auth.IssuedRobot;
import dev.berth.auth.IssuedToken;
import dev.berth.auth.NewRobot;
import dev.berth.auth.NewRule;
import dev.berth.auth.NewToken;
import dev.berth.auth.NewUser;
import dev.berth.auth.Role;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.http.AdminApi;
import dev.berth.http.AdminCall;
import dev.berth.http.AdminReply;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The admin API ({@code /api/v1/}, JSON) over {@link AccessAdmin}: each call is parsed, passed to one service method
 * with the caller as {@link Actor}, and answered (200 with the value, 201 with what was created, 204 for changes).
 * The service checks what the caller may do and writes the audit log; its refusals ({@code DENIED},
 * {@code NOT_FOUND}, {@code BAD_REQUEST}) pass through unchanged. Secrets of new tokens and robots appear in the
 * creating call's answer only.
 */
public final class AccessAdminApi implements AdminApi {
    private static final int DEFAULT_AUDIT_LIMIT = 100;
    private static final int MAX_AUDIT_LIMIT = 1000;
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(90);

    private final AccessAdmin admin;
    private final Clock clock;

    public AccessAdminApi(AccessAdmin admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    @Override
    public AdminReply handle(AdminCall call) {
        Actor actor = actor(call);
        String name = call.name();
        return switch (call.endpoint()) {
            case ADMIN_USERS -> call.method().equals("GET")
                    ? AdminReply.ok(Map.of("users", list(admin.users(actor), Views::user)))
                    : addUser(actor, JsonBody.parse(call.body()));
            case ADMIN_USER -> {
                admin.removeUser(actor, name);
                yield AdminReply.noContent();
            }
            case ADMIN_USER_PASSWORD -> {
                admin.setPassword(actor, name, JsonBody.parse(call.body()).secret("password"));
                yield AdminReply.noContent();
            }
            case ADMIN_USER_ADMIN -> {
                admin.setAdmin(actor, name, JsonBody.parse(call.body()).bool("admin"));
                yield AdminReply.noContent();
            }
            case ADMIN_USER_DISABLED -> {
                admin.setDisabled(actor, name, JsonBody.parse(call.body()).bool("disabled"));
                yield AdminReply.noContent();
            }
            case ADMIN_USER_TOKENS -> call.method().equals("GET")
                    ? AdminReply.ok(Map.of("tokens", list(admin.tokens(actor, name), Views::token)))
                    : createToken(actor, name, JsonBody.parse(call.body()));
            case ADMIN_TOKENS -> AdminReply.ok(Map.of("tokens", list(admin.allTokens(actor), Views::token)));
            case ADMIN_TOKEN -> {
                admin.revokeToken(actor, name);
                yield AdminReply.noContent();
            }
            case ADMIN_ROBOTS -> call.method().equals("GET")
                    ? AdminReply.ok(Map.of("robots", list(admin.robots(actor), Views::robot)))
                    : createRobot(actor, JsonBody.parse(call.body()));
            case ADMIN_ROBOT -> {
                admin.revokeRobot(actor, name);
                yield AdminReply.noContent();
            }
            case ADMIN_NAMESPACES -> {
                if (call.method().equals("GET")) {
                    yield AdminReply.ok(Map.of("namespaces", list(admin.namespaces(actor), Views::namespace)));
                }
                JsonBody body = JsonBody.parse(call.body());
                yield AdminReply.created(Views.namespace(admin.createNamespace(actor, body.string("name"),
                        body.optionalBool("public").orElse(false))));
            }
            case ADMIN_NAMESPACE -> {
                admin.removeNamespace(actor, name);
                yield AdminReply.noContent();
            }
            case ADMIN_NAMESPACE_PUBLIC -> {
                admin.setPublic(actor, name, JsonBody.parse(call.body()).bool("public"));
                yield AdminReply.noContent();
            }
            case ADMIN_MEMBERS -> AdminReply.ok(Map.of("members", list(admin.members(actor, name), Views::member)));
            case ADMIN_MEMBER -> {
                if (call.method().equals("PUT")) {
                    Role role = Role.parse(JsonBody.parse(call.body()).string("role"));
                    yield AdminReply.ok(Views.member(admin.grant(actor, name, call.argument(), role)));
                }
                admin.revoke(actor, name, call.argument());
                yield AdminReply.noContent();
            }
            case ADMIN_RULES -> {
                if (call.method().equals("GET")) {
                    yield AdminReply.ok(Map.of("rules", list(admin.rules(actor), Views::rule)));
                }
                JsonBody body = JsonBody.parse(call.body());
                yield AdminReply.created(Views.rule(admin.addRule(actor, new NewRule(body.string("pattern"),
                        body.optionalString("subject"), Role.parse(body.string("role"))))));
            }
            case ADMIN_RULE -> {
                admin.removeRule(actor, number(name, "rule id"));
                yield AdminReply.noContent();
            }
            case ADMIN_AUDIT -> AdminReply.ok(Map.of("events", list(admin.auditEvents(actor, auditQuery(call)),
                    Views::event)));
            default -> throw RegistryException.withDetail(ErrorCode.NOT_FOUND, "not an admin API route",
                    call.endpoint().name());
        };
    }

    private AdminReply addUser(Actor actor, JsonBody body) {
        return AdminReply.created(Views.user(admin.addUser(actor, new NewUser(body.string("name"),
                body.secret("password"), body.optionalBool("admin").orElse(false)))));
    }

    private AdminReply createToken(Actor actor, String user, JsonBody body) {
        IssuedToken issued = admin.createToken(actor, new NewToken(user,
                body.expiry(clock.instant()).orElse(clock.instant().plus(DEFAULT_TOKEN_LIFETIME)),
                body.optionalString("namespace"), body.optionalString("description").orElse("")));
        Map<String, Object> created = new LinkedHashMap<>(Views.token(issued.token()));
        created.put("secret", issued.secret().reveal());
        return AdminReply.created(created);
    }

    private AdminReply createRobot(Actor actor, JsonBody body) {
        IssuedRobot issued = admin.createRobot(actor, new NewRobot(body.string("name"), body.strings("namespaces"),
                Role.parse(body.optionalString("role").orElse("reader")), body.expiry(clock.instant()),
                body.optionalString("description").orElse("")));
        Map<String, Object> created = new LinkedHashMap<>(Views.robot(issued.robot()));
        created.put("secret", issued.secret().reveal());
        return AdminReply.created(created);
    }

    private static AuditQuery auditQuery(AdminCall call) {
        int limit = call.queryValue("limit").map(n -> (int) number(n, "limit")).orElse(DEFAULT_AUDIT_LIMIT);
        if (limit < 1 || limit > MAX_AUDIT_LIMIT) {
            throw RegistryException.withDetail(ErrorCode.BAD_REQUEST, "limit must be between 1 and "
                    + MAX_AUDIT_LIMIT, limit);
        }
        return new AuditQuery(limit, call.queryValue("before").map(n -> number(n, "before")),
                call.queryValue("action").filter(s -> !s.isEmpty()), call.queryValue("actor").filter(s -> !s.isEmpty()));
    }

    /** The caller the access gate admitted; without one (authentication off) nothing is allowed. */
    private static Actor actor(AdminCall call) {
        if (call.caller() instanceof Caller caller && !caller.principal().isAnonymous()) {
            return new Actor(caller.principal(), call.address());
        }
        throw RegistryException.of(ErrorCode.DENIED, "the admin API needs an authenticated caller");
    }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw RegistryException.withDetail(ErrorCode.BAD_REQUEST, what + " must be a number", text);
        }
    }

    private static <T> List<Map<String, Object>> list(List<T> values, Function<T, Map<String, Object>> view) {
        return values.stream().map(view).toList();
    }
}
