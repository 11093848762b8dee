package dev.berth.http;

import dev.berth.domain.Scope;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** No route is reachable without a declared access check, and every route is in the route table. */
class AccessRulesTest {

    @Test
    void everyRouteAndMethod_declaresItsAccess() {
        for (Endpoint endpoint : Endpoint.values()) {
            for (String method : endpoint.methods()) {
                AccessRules.Needs needs = AccessRules.needs(endpoint, method, "team/app", Optional.empty());
                if (Set.of(Endpoint.HEALTH, Endpoint.READY, Endpoint.TOKEN).contains(endpoint)) {
                    assertThat(needs.isPublic()).as(endpoint + " " + method).isTrue();
                    continue;
                }
                assertThat(needs.isPublic()).as(endpoint + " " + method).isFalse();
                if (endpoint != Endpoint.BASE) {
                    assertThat(needs.required()).as(endpoint + " " + method).isNotEmpty();
                }
            }
        }
    }

    @Test
    void adminRoutes_allNeedTheAdminApiScope() {
        for (Endpoint endpoint : Endpoint.values()) {
            for (String method : endpoint.methods()) {
                AccessRules.Needs needs = AccessRules.needs(endpoint, method, "", Optional.empty());
                assertThat(needs.required().contains(AccessRules.ADMIN_API)).as(endpoint + " " + method)
                        .isEqualTo(endpoint.isAdmin());
            }
        }
        assertThat(AccessRules.ADMIN_API.toString()).isEqualTo("registry:admin:*");
    }

    @Test
    void everyRoute_isReachableThroughTheRouteTable() {
        for (Endpoint endpoint : Endpoint.values()) {
            assertThat(Route.match(SAMPLE_PATHS.get(endpoint))).as(endpoint.name())
                    .map(Route::endpoint).contains(endpoint);
        }
    }

    @Test
    void adminRoutes_splitNamespacesAtTheSeparator_andDecodeNames() {
        assertThat(Route.match("/api/v1/namespaces/team-a/tools/-/members/robot%24ci"))
                .contains(new Route(Endpoint.ADMIN_MEMBER, "team-a/tools", "robot$ci"));
        assertThat(Route.match("/api/v1/namespaces/team-a/tools"))
                .contains(new Route(Endpoint.ADMIN_NAMESPACE, "team-a/tools", ""));
        assertThat(Route.match("/api/v1/namespaces/team-a/-/public"))
                .contains(new Route(Endpoint.ADMIN_NAMESPACE_PUBLIC, "team-a", ""));
        assertThat(Route.match("/api/v1/users/alice@example.com/tokens"))
                .contains(new Route(Endpoint.ADMIN_USER_TOKENS, "alice@example.com", ""));
        assertThat(Route.match("/api/v1/users/a/b")).isEmpty();
        assertThat(Route.match("/api/v2/users")).isEmpty();
        assertThat(Route.match("/token")).contains(new Route(Endpoint.TOKEN, "", ""));
    }

    /** One path per route; a new Endpoint without a path here fails the test above. */
    static final java.util.Map<Endpoint, String> SAMPLE_PATHS = java.util.Map.ofEntries(
            java.util.Map.entry(Endpoint.BASE, "/v2/"),
            java.util.Map.entry(Endpoint.CATALOG, "/v2/_catalog"),
            java.util.Map.entry(Endpoint.TAGS, "/v2/a/b/tags/list"),
            java.util.Map.entry(Endpoint.MANIFEST, "/v2/a/b/manifests/latest"),
            java.util.Map.entry(Endpoint.BLOB, "/v2/a/b/blobs/sha256:" + "0".repeat(64)),
            java.util.Map.entry(Endpoint.UPLOADS, "/v2/a/b/blobs/uploads/"),
            java.util.Map.entry(Endpoint.UPLOAD, "/v2/a/b/blobs/uploads/abc"),
            java.util.Map.entry(Endpoint.REFERRERS, "/v2/a/b/referrers/sha256:" + "0".repeat(64)),
            java.util.Map.entry(Endpoint.HEALTH, "/healthz"),
            java.util.Map.entry(Endpoint.READY, "/readyz"),
            java.util.Map.entry(Endpoint.TOKEN, "/token"),
            java.util.Map.entry(Endpoint.ADMIN_USERS, "/api/v1/users"),
            java.util.Map.entry(Endpoint.ADMIN_USER, "/api/v1/users/alice"),
            java.util.Map.entry(Endpoint.ADMIN_USER_PASSWORD, "/api/v1/users/alice/password"),
            java.util.Map.entry(Endpoint.ADMIN_USER_ADMIN, "/api/v1/users/alice/admin"),
            java.util.Map.entry(Endpoint.ADMIN_USER_DISABLED, "/api/v1/users/alice/disabled"),
            java.util.Map.entry(Endpoint.ADMIN_USER_TOKENS, "/api/v1/users/alice/tokens"),
            java.util.Map.entry(Endpoint.ADMIN_TOKENS, "/api/v1/tokens"),
            java.util.Map.entry(Endpoint.ADMIN_TOKEN, "/api/v1/tokens/bt_abc"),
            java.util.Map.entry(Endpoint.ADMIN_ROBOTS, "/api/v1/robots"),
            java.util.Map.entry(Endpoint.ADMIN_ROBOT, "/api/v1/robots/ci"),
            java.util.Map.entry(Endpoint.ADMIN_NAMESPACES, "/api/v1/namespaces"),
            java.util.Map.entry(Endpoint.ADMIN_NAMESPACE, "/api/v1/namespaces/team-a"),
            java.util.Map.entry(Endpoint.ADMIN_NAMESPACE_PUBLIC, "/api/v1/namespaces/team-a/-/public"),
            java.util.Map.entry(Endpoint.ADMIN_MEMBERS, "/api/v1/namespaces/team-a/-/members"),
            java.util.Map.entry(Endpoint.ADMIN_MEMBER, "/api/v1/namespaces/team-a/-/members/bob"),
            java.util.Map.entry(Endpoint.ADMIN_RULES, "/api/v1/rules"),
            java.util.Map.entry(Endpoint.ADMIN_RULE, "/api/v1/rules/7"),
            java.util.Map.entry(Endpoint.ADMIN_AUDIT, "/api/v1/audit"));

    @Test
    void methods_mapToDistributionActions() {
        assertThat(AccessRules.needs(Endpoint.MANIFEST, "GET", "a", Optional.empty()).required())
                .containsExactly(Scope.repository("a", "pull"));
        assertThat(AccessRules.needs(Endpoint.MANIFEST, "PUT", "a", Optional.empty()).required())
                .containsExactly(Scope.repository("a", "pull", "push"));
        assertThat(AccessRules.needs(Endpoint.BLOB, "DELETE", "a", Optional.empty()).required())
                .containsExactly(Scope.repository("a", "delete"));
        assertThat(AccessRules.needs(Endpoint.CATALOG, "GET", "", Optional.empty()).required())
                .containsExactly(Scope.catalog());
        AccessRules.Needs mount = AccessRules.needs(Endpoint.UPLOADS, "POST", "a", Optional.of("b"));
        assertThat(mount.required()).containsExactly(Scope.repository("a", "pull", "push"));
        assertThat(mount.optional()).containsExactly(Scope.repository("b", "pull"));
        assertThat(Scope.repository("a", "push", "pull").toString()).isEqualTo("repository:a:pull,push");
    }
}
