package dev.berth.auth;

import dev.berth.domain.Scope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The permission model as a table: who asks, for what, on which repository, and what they get. */
class AccessPolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final Principal ANONYMOUS = Principal.ANONYMOUS;
    private static final Principal ALICE = user("alice");
    private static final Principal BOB = user("bob");
    private static final Principal CAROL = user("carol");
    private static final Principal DAVE = user("dave");
    private static final Principal ERIN = user("erin");
    private static final Principal MALLORY = user("mallory");
    private static final Principal ROBOT = new Principal("robot$ci", Principal.Kind.ROBOT, false);
    private static final Principal ADMIN = new Principal("root", Principal.Kind.USER, true);
    private static final Principal ADMIN_TOKEN_FOR_TEAM_B =
            new Principal("root", Principal.Kind.USER, true, Optional.of("team-b"));
    private static final Principal ALICE_TOKEN_FOR_LIBRARY =
            new Principal("alice", Principal.Kind.USER, false, Optional.of("library"));

    private static final AccessPolicy POLICY = new AccessPolicy(
            List.of(namespace("team-a", false), namespace("team-a/secret", false), namespace("team-b", false),
                    namespace("library", true)),
            List.of(member("team-a", "alice", Role.WRITER), member("team-a", "carol", Role.ADMIN),
                    member("team-a", "dave", Role.MAINTAINER), member("team-a", "robot$ci", Role.READER),
                    member("team-a/secret", "carol", Role.READER), member("team-b", "bob", Role.READER),
                    member("team-b", "erin", Role.WRITER), member("library", "alice", Role.MAINTAINER)),
            List.of(rule(1, "team-a/frozen/*", Optional.empty(), Role.READER),
                    rule(2, "team-a/hidden/*", Optional.empty(), Role.NONE),
                    rule(3, "team-a/hidden/*", Optional.of("dave"), Role.READER),
                    rule(4, "team-b/app", Optional.of("bob"), Role.WRITER),
                    rule(5, "library/internal*", Optional.empty(), Role.NONE),
                    rule(6, "team-b/x*", Optional.empty(), Role.READER),
                    rule(7, "team-b/*y", Optional.empty(), Role.NONE),
                    rule(8, "team-b/app", Optional.of("mallory"), Role.MAINTAINER)));

    static Stream<Arguments> cases() {
        return Stream.of(
                // Public namespaces: anonymous pull, nothing more; rules still cap them.
                arguments(ANONYMOUS, "library/alpine", "pull", "pull"),
                arguments(ANONYMOUS, "library/alpine", "pull,push", "pull"),
                arguments(ANONYMOUS, "library/internal-tools", "pull", ""),
                arguments(ANONYMOUS, "team-a/app", "pull", ""),
                arguments(ANONYMOUS, "nowhere/app", "pull", ""),
                arguments(BOB, "library/alpine", "pull,push", "pull"),
                // Namespace roles.
                arguments(ALICE, "team-a/app", "pull,push,delete", "pull,push"),
                arguments(ALICE, "team-a", "pull", "pull"),
                arguments(ALICE, "team-a/deep/nested/app", "push", "push"),
                arguments(DAVE, "team-a/app", "pull,push,delete", "delete,pull,push"),
                arguments(CAROL, "team-a/app", "*,pull", "*,pull"),
                arguments(ROBOT, "team-a/app", "pull,push", "pull"),
                arguments(ROBOT, "team-b/app", "pull", ""),
                arguments(ALICE, "library/alpine", "push,delete", "delete,push"),
                // The longest namespace governs; a prefix is a whole path component.
                arguments(ALICE, "team-a/secret/app", "pull", ""),
                arguments(CAROL, "team-a/secret/app", "pull,push,*", "pull"),
                arguments(ALICE, "team-abc/app", "pull", ""),
                arguments(ALICE, "nowhere/app", "pull", ""),
                // Rules for everyone are ceilings; rules for one subject set the role exactly.
                arguments(ALICE, "team-a/frozen/app", "pull,push", "pull"),
                arguments(CAROL, "team-a/frozen/app", "push,delete,*", ""),
                arguments(ALICE, "team-a/hidden/x", "pull", ""),
                arguments(CAROL, "team-a/hidden/x/y", "pull", ""),
                arguments(DAVE, "team-a/hidden/x", "pull,push,delete", "pull"),
                arguments(BOB, "team-b/app", "pull,push", "pull,push"),
                arguments(BOB, "team-b/other", "pull,push", "pull"),
                arguments(MALLORY, "team-b/app", "pull,delete", "delete,pull"),
                arguments(MALLORY, "team-b/other", "pull", ""),
                // Equally specific ceilings: the lower wins.
                arguments(ERIN, "team-b/xy", "pull", ""),
                arguments(ERIN, "team-b/xz", "pull,push", "pull"),
                arguments(ERIN, "team-b/zy", "pull", ""),
                // Registry admins pass everything, rules included.
                arguments(ADMIN, "team-a/hidden/x", "pull,push,delete,*", "*,delete,pull,push"),
                arguments(ADMIN, "nowhere/app", "push", "push"),
                // Restricted tokens: nothing outside their namespace, their owner's rights inside.
                arguments(ADMIN_TOKEN_FOR_TEAM_B, "team-a/app", "pull", ""),
                arguments(ADMIN_TOKEN_FOR_TEAM_B, "team-b/x", "pull,push", "pull,push"),
                arguments(ALICE_TOKEN_FOR_LIBRARY, "team-a/app", "pull", ""),
                arguments(ALICE_TOKEN_FOR_LIBRARY, "library/alpine", "pull,push,delete", "delete,pull,push"),
                arguments(ALICE_TOKEN_FOR_LIBRARY, "library-two/app", "pull", ""));
    }

    @ParameterizedTest(name = "{0} asks {2} on {1} → [{3}]")
    @MethodSource("cases")
    void allowed_repositoryScope_grantsTheExpectedActions(Principal principal, String repository, String asked,
                                                           String expected) {
        Set<String> allowed = POLICY.allowed(principal, Scope.repository(repository, asked.split(",")));

        assertThat(allowed).containsExactlyInAnyOrderElementsOf(actions(expected));
    }

    static Stream<Arguments> registryScopes() {
        return Stream.of(
                arguments(ANONYMOUS, Scope.catalog(), "*"),
                arguments(ALICE, Scope.catalog(), "*"),
                arguments(ALICE, new Scope(Scope.REGISTRY, "catalog", Set.of("pull")), ""),
                arguments(ADMIN, new Scope(Scope.REGISTRY, "other", Set.of("*")), ""),
                arguments(ADMIN, new Scope("plugin", "x", Set.of("pull")), ""));
    }

    @ParameterizedTest(name = "{0} asks {1} → [{2}]")
    @MethodSource("registryScopes")
    void allowed_registryScope_onlyTheCatalogForEveryone(Principal principal, Scope scope, String expected) {
        assertThat(POLICY.allowed(principal, scope)).containsExactlyInAnyOrderElementsOf(actions(expected));
    }

    @ParameterizedTest(name = "{0} in {1} → {2}")
    @MethodSource("namespaces")
    void namespaceOf_longestContainingNamespace(String repository, String expected) {
        assertThat(POLICY.namespaceOf(repository).map(Namespace::name).orElse("")).isEqualTo(expected);
    }

    static Stream<Arguments> namespaces() {
        return Stream.of(arguments("team-a", "team-a"), arguments("team-a/app", "team-a"),
                arguments("team-a/secret", "team-a/secret"), arguments("team-a/secret/x/y", "team-a/secret"),
                arguments("team-a-b/app", ""), arguments("library", "library"), arguments("x/team-a", ""));
    }

    private static List<String> actions(String list) {
        return list.isEmpty() ? List.of() : Arrays.asList(list.split(","));
    }

    private static Principal user(String name) {
        return new Principal(name, Principal.Kind.USER, false);
    }

    private static Namespace namespace(String name, boolean isPublic) {
        return new Namespace(name, isPublic, T0);
    }

    private static Member member(String namespace, String member, Role role) {
        return new Member(namespace, member, role);
    }

    private static RepositoryRule rule(long id, String pattern, Optional<String> subject, Role role) {
        return new RepositoryRule(id, pattern, subject, role, "root", T0);
    }
}
