package dev.berth.http;

import dev.berth.domain.Scope;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** No route is reachable without a declared access check. */
class AccessRulesTest {

    @Test
    void everyRouteAndMethod_declaresItsAccess() {
        for (Endpoint endpoint : Endpoint.values()) {
            for (String method : endpoint.methods()) {
                AccessRules.Needs needs = AccessRules.needs(endpoint, method, "team/app", Optional.empty());
                if (Set.of(Endpoint.HEALTH, Endpoint.READY).contains(endpoint)) {
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
