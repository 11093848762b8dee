package dev.berth.auth;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.Scope;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.berth.auth.AccessFixture.ROOT;
import static dev.berth.auth.AccessFixture.T0;
import static dev.berth.auth.AccessFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may administer what, and that every change and every refusal reaches the audit log. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccessAdministrationTest {
    @TempDir
    Path dir;
    private AccessFixture fixture;
    private AccessAdmin admin;

    @BeforeEach
    void open() {
        fixture = new AccessFixture(dir, Optional.empty());
        admin = fixture.admin();
        fixture.addUser("root", "root password", true);
        fixture.addUser("alice", "alice password", false);
        fixture.addUser("bob", "bob password", false);
        admin.createNamespace(ROOT, "team-a", false);
        admin.createNamespace(ROOT, "team-a/secret", false);
        admin.createNamespace(ROOT, "team-b", false);
        admin.grant(ROOT, "team-a", "alice", Role.ADMIN);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    // Users.

    @Test
    void addUser_byNonAdmin_deniedAndAudited() {
        expect(ErrorCode.DENIED, () -> admin.addUser(as("alice"), new NewUser("eve", new Secret("pw"), true)));

        assertThat(admin.users(ROOT)).extracting(User::name).containsExactly("alice", "bob", "root");
        AuditEvent refusal = latest();
        assertThat(refusal.action()).isEqualTo("user.add");
        assertThat(refusal.actor()).isEqualTo("alice");
        assertThat(refusal.target()).isEqualTo("eve");
        assertThat(refusal.address()).isEqualTo("192.0.2.1");
        assertThat(refusal.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
    }

    @Test
    void addUser_duplicateOrInvalid_badRequest() {
        assertThatThrownBy(() -> fixture.addUser("alice", "x", false)).isInstanceOfSatisfying(RegistryException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.status()).isEqualTo(409);
                });
        expect(ErrorCode.BAD_REQUEST, () -> fixture.addUser("robot$x", "pw", false));
        expect(ErrorCode.BAD_REQUEST, () -> fixture.addUser("a:b", "pw", false));
        expect(ErrorCode.BAD_REQUEST, () -> fixture.addUser("carol", "", false));
        expect(ErrorCode.BAD_REQUEST, () -> fixture.addUser("carol", "x".repeat(73), false));
        assertThat(latest().outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
    }

    @Test
    void addUser_audited_withoutThePassword() {
        fixture.addUser("carol", "carol-pass-9x7", true);

        AuditEvent added = latest();
        assertThat(added.action()).isEqualTo("user.add");
        assertThat(added.actor()).isEqualTo("cli:test");
        assertThat(added.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        assertThat(added.detail()).isEqualTo("registry admin");
        assertThat(admin.auditEvents(ROOT, AuditQuery.latest(100)).toString()).doesNotContain("carol-pass-9x7");
    }

    @Test
    void lastEnabledAdmin_cannotBeDemotedDisabledOrRemoved() {
        Actor root = as("root");
        Actor rootAdmin = new Actor(new Principal("root", Principal.Kind.USER, true), "192.0.2.1");

        expect(ErrorCode.BAD_REQUEST, () -> admin.setAdmin(rootAdmin, "root", false));
        expect(ErrorCode.BAD_REQUEST, () -> admin.setDisabled(rootAdmin, "root", true));
        expect(ErrorCode.BAD_REQUEST, () -> admin.removeUser(rootAdmin, "root"));
        expect(ErrorCode.DENIED, () -> admin.setAdmin(root, "alice", true));

        admin.setAdmin(rootAdmin, "alice", true);
        admin.setAdmin(rootAdmin, "root", false);
        assertThat(admin.users(ROOT)).filteredOn(User::admin).extracting(User::name).containsExactly("alice");
    }

    @Test
    void setPassword_self_allowed_otherUserOrRestrictedCredentials_denied() {
        admin.setPassword(as("bob"), "bob", new Secret("new bob password"));
        expect(ErrorCode.DENIED, () -> admin.setPassword(as("bob"), "alice", new Secret("mine now")));
        Actor restricted = new Actor(new Principal("bob", Principal.Kind.USER, false, Optional.of("team-b")), "x");
        expect(ErrorCode.DENIED, () -> admin.setPassword(restricted, "bob", new Secret("escalate")));

        assertThat(fixture.authenticator().authenticate("bob", "new bob password", "x")).isPresent();
        assertThat(fixture.authenticator().authenticate("alice", "alice password", "x")).isPresent();
    }

    @Test
    void removeUser_takesTheirTokensAndMembershipsAlong() {
        admin.createToken(as("alice"), new NewToken("alice", T0.plus(Duration.ofDays(1)), Optional.empty(), ""));

        admin.removeUser(ROOT, "alice");

        assertThat(admin.allTokens(ROOT)).isEmpty();
        assertThat(admin.members(ROOT, "team-a")).isEmpty();
        expect(ErrorCode.NOT_FOUND, () -> admin.removeUser(ROOT, "alice"));
    }

    // Namespaces and members.

    @Test
    void grant_namespaceAdmin_managesOwnNamespaceOnly() {
        Member granted = admin.grant(as("alice"), "team-a", "bob", Role.WRITER);

        assertThat(granted).isEqualTo(new Member("team-a", "bob", Role.WRITER));
        assertThat(admin.members(as("alice"), "team-a")).extracting(Member::member).containsExactly("alice", "bob");
        expect(ErrorCode.DENIED, () -> admin.grant(as("alice"), "team-b", "bob", Role.WRITER));
        expect(ErrorCode.DENIED, () -> admin.grant(as("alice"), "team-a/secret", "bob", Role.WRITER));
        expect(ErrorCode.DENIED, () -> admin.grant(as("bob"), "team-a", "bob", Role.ADMIN));
        expect(ErrorCode.DENIED, () -> admin.members(as("bob"), "team-a"));
        expect(ErrorCode.NOT_FOUND, () -> admin.grant(ROOT, "nowhere", "bob", Role.READER));
        expect(ErrorCode.BAD_REQUEST, () -> admin.grant(ROOT, "team-b", "bob", Role.NONE));
        expect(ErrorCode.NOT_FOUND, () -> admin.grant(ROOT, "team-b", "robot$ghost", Role.READER));
    }

    @Test
    void grantAndRevoke_applyToDecisionsAtOnce() {
        Principal bob = new Principal("bob", Principal.Kind.USER, false);
        Scope push = Scope.repository("team-a/app", Scope.PULL, Scope.PUSH);
        assertThat(fixture.access.authorizer().allowed(bob, push)).isEmpty();

        admin.grant(as("alice"), "team-a", "bob", Role.WRITER);
        assertThat(fixture.access.authorizer().allowed(bob, push)).containsExactlyInAnyOrder("pull", "push");

        admin.revoke(as("alice"), "team-a", "bob");
        assertThat(fixture.access.authorizer().allowed(bob, push)).isEmpty();
        expect(ErrorCode.NOT_FOUND, () -> admin.revoke(as("alice"), "team-a", "bob"));
    }

    @Test
    void setPublic_anonymousMayPull() {
        Scope pull = Scope.repository("team-b/app", Scope.PULL);
        expect(ErrorCode.DENIED, () -> admin.setPublic(as("alice"), "team-b", true));

        admin.setPublic(ROOT, "team-b", true);

        assertThat(fixture.access.authorizer().allowed(Principal.ANONYMOUS, pull)).containsExactly("pull");
        assertThat(admin.namespaces(ROOT)).filteredOn(Namespace::isPublic).extracting(Namespace::name)
                .containsExactly("team-b");
    }

    @Test
    void createAndRemoveNamespace_registryAdminOnly() {
        expect(ErrorCode.DENIED, () -> admin.createNamespace(as("alice"), "team-a/new", false));
        expect(ErrorCode.BAD_REQUEST, () -> admin.createNamespace(ROOT, "Team_A/", false));
        expect(ErrorCode.BAD_REQUEST, () -> admin.createNamespace(ROOT, "team-b", false));

        admin.removeNamespace(ROOT, "team-a");

        assertThat(admin.namespaces(ROOT)).extracting(Namespace::name).containsExactly("team-a/secret", "team-b");
        expect(ErrorCode.NOT_FOUND, () -> admin.removeNamespace(ROOT, "team-a"));
    }

    // Rules.

    @Test
    void addRule_namespaceAdmin_onlyInsideNamespacesTheyAdminister() {
        RepositoryRule rule = admin.addRule(as("alice"), new NewRule("team-a/frozen/*", Optional.empty(),
                Role.READER));
        admin.addRule(as("alice"), new NewRule("team-a/app", Optional.of("bob"), Role.WRITER));

        assertThat(rule.createdBy()).isEqualTo("alice");
        // team-a/* also reaches team-a/secret, which alice does not administer.
        expect(ErrorCode.DENIED, () -> admin.addRule(as("alice"), new NewRule("team-a/*", Optional.empty(),
                Role.NONE)));
        expect(ErrorCode.DENIED, () -> admin.addRule(as("alice"), new NewRule("team-a*", Optional.empty(),
                Role.NONE)));
        expect(ErrorCode.DENIED, () -> admin.addRule(as("alice"), new NewRule("team-b/app", Optional.of("alice"),
                Role.ADMIN)));
        expect(ErrorCode.DENIED, () -> admin.addRule(as("alice"), new NewRule("team-a/secret/x", Optional.of("alice"),
                Role.ADMIN)));
        expect(ErrorCode.BAD_REQUEST, () -> admin.addRule(ROOT, new NewRule("team-a/frozen/*", Optional.empty(),
                Role.NONE)));

        assertThat(admin.rules(as("alice"))).extracting(RepositoryRule::pattern)
                .containsExactly("team-a/frozen/*", "team-a/app");
        assertThat(admin.rules(as("bob"))).isEmpty();
    }

    @Test
    void rules_applyToDecisionsAtOnce_andRemoveRestores() {
        admin.grant(ROOT, "team-b", "bob", Role.WRITER);
        Principal bob = new Principal("bob", Principal.Kind.USER, false);
        Scope push = Scope.repository("team-b/secret/app", Scope.PULL, Scope.PUSH);
        RepositoryRule hide = admin.addRule(ROOT, new NewRule("team-b/secret/*", Optional.empty(), Role.NONE));

        assertThat(fixture.access.authorizer().allowed(bob, push)).isEmpty();

        admin.removeRule(ROOT, hide.id());
        assertThat(fixture.access.authorizer().allowed(bob, push)).containsExactlyInAnyOrder("pull", "push");
        expect(ErrorCode.NOT_FOUND, () -> admin.removeRule(ROOT, hide.id()));
    }

    // Robots.

    @Test
    void createRobot_namespaceAdmin_inOwnNamespaces_withMemberships() {
        IssuedRobot robot = admin.createRobot(as("alice"), new NewRobot("ci", List.of("team-a"), Role.WRITER,
                Optional.of(T0.plus(Duration.ofDays(90))), "pipeline"));

        assertThat(robot.robot().principalName()).isEqualTo("robot$ci");
        assertThat(robot.robot().createdBy()).isEqualTo("alice");
        assertThat(robot.secret().reveal()).startsWith("brob_").hasSize(48);
        assertThat(admin.members(ROOT, "team-a")).contains(new Member("team-a", "robot$ci", Role.WRITER));
        assertThat(admin.robots(as("alice"))).extracting(Robot::name).containsExactly("ci");
        assertThat(admin.robots(as("bob"))).isEmpty();
        assertThat(latest().detail()).isEqualTo("writer in team-a, expires " + T0.plus(Duration.ofDays(90)))
                .doesNotContain(robot.secret().reveal());

        expect(ErrorCode.DENIED, () -> admin.createRobot(as("alice"), new NewRobot("cd", List.of("team-a", "team-b"),
                Role.READER, Optional.empty(), "")));
        expect(ErrorCode.BAD_REQUEST, () -> admin.createRobot(ROOT, new NewRobot("ci", List.of("team-a"),
                Role.READER, Optional.empty(), "")));
        expect(ErrorCode.BAD_REQUEST, () -> admin.createRobot(ROOT, new NewRobot("late", List.of("team-a"),
                Role.READER, Optional.of(T0.minusSeconds(1)), "")));
        expect(ErrorCode.NOT_FOUND, () -> admin.createRobot(ROOT, new NewRobot("lost", List.of("nowhere"),
                Role.READER, Optional.empty(), "")));
    }

    @Test
    void revokeRobot_adminOfItsNamespacesOnly_once() {
        admin.createRobot(ROOT, new NewRobot("ci", List.of("team-b"), Role.READER, Optional.empty(), ""));

        expect(ErrorCode.DENIED, () -> admin.revokeRobot(as("alice"), "ci"));
        admin.revokeRobot(ROOT, "ci");
        expect(ErrorCode.BAD_REQUEST, () -> admin.revokeRobot(ROOT, "ci"));
        expect(ErrorCode.NOT_FOUND, () -> admin.revokeRobot(ROOT, "ghost"));
        assertThat(admin.robots(ROOT).getFirst().revokedAt()).contains(T0);
    }

    // Tokens.

    @Test
    void createToken_forSelf_orAnyoneAsRegistryAdmin() {
        IssuedToken own = admin.createToken(as("bob"), new NewToken("bob", T0.plus(Duration.ofDays(30)),
                Optional.of("team-b"), "laptop"));
        admin.createToken(ROOT, new NewToken("alice", T0.plus(Duration.ofDays(1)), Optional.empty(), ""));

        assertThat(own.token().id()).startsWith("bpat_").hasSize(15);
        assertThat(admin.tokens(as("bob"), "bob")).containsExactly(own.token());
        assertThat(admin.allTokens(ROOT)).hasSize(2);
        expect(ErrorCode.DENIED, () -> admin.createToken(as("bob"), new NewToken("alice",
                T0.plus(Duration.ofDays(1)), Optional.empty(), "")));
        expect(ErrorCode.DENIED, () -> admin.tokens(as("bob"), "alice"));
        expect(ErrorCode.DENIED, () -> admin.allTokens(as("bob")));
        expect(ErrorCode.BAD_REQUEST, () -> admin.createToken(as("bob"), new NewToken("bob", T0, Optional.empty(),
                "")));
        expect(ErrorCode.NOT_FOUND, () -> admin.createToken(as("bob"), new NewToken("bob",
                T0.plus(Duration.ofDays(1)), Optional.of("nowhere"), "")));
        assertThat(admin.auditEvents(ROOT, AuditQuery.latest(100)).toString()).doesNotContain(own.secret().reveal());
    }

    @Test
    void createToken_withRestrictedCredentials_denied() {
        Actor restricted = new Actor(new Principal("bob", Principal.Kind.USER, false, Optional.of("team-b")), "x");

        expect(ErrorCode.DENIED, () -> admin.createToken(restricted, new NewToken("bob",
                T0.plus(Duration.ofDays(1)), Optional.empty(), "")));
    }

    @Test
    void revokeToken_ownerOrRegistryAdmin() {
        IssuedToken token = admin.createToken(as("bob"), new NewToken("bob", T0.plus(Duration.ofDays(1)),
                Optional.empty(), ""));

        expect(ErrorCode.DENIED, () -> admin.revokeToken(as("alice"), token.token().id()));
        admin.revokeToken(as("bob"), token.token().id());
        expect(ErrorCode.BAD_REQUEST, () -> admin.revokeToken(ROOT, token.token().id()));
        expect(ErrorCode.NOT_FOUND, () -> admin.revokeToken(ROOT, "bpat_missing000"));
    }

    // Audit.

    @Test
    void auditEvents_registryAdminOnly() {
        expect(ErrorCode.DENIED, () -> admin.auditEvents(as("alice"), AuditQuery.latest(10)));
        Actor restrictedAdmin = new Actor(new Principal("root", Principal.Kind.USER, true, Optional.of("team-a")),
                "x");
        expect(ErrorCode.DENIED, () -> admin.auditEvents(restrictedAdmin, AuditQuery.latest(10)));

        assertThat(admin.auditEvents(ROOT, AuditQuery.latest(3))).hasSize(3);
    }

    private AuditEvent latest() {
        return admin.auditEvents(ROOT, AuditQuery.latest(1)).getFirst();
    }

    private static void expect(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
