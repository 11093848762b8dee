package dev.berth.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link IdentityStore} must do, run unchanged against each database: a backend's test extends this
 * class and provides an empty store in {@link #store()}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class IdentityStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");
    private static final byte[] HASH = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
            23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

    /** An empty store for the current test. */
    protected abstract IdentityStore store();

    // Users.

    @Test
    void insertUser_new_readBackWithItsHash() {
        User alice = new User("alice", true, false, T0);

        assertThat(write((IdentityTx tx) -> tx.insertUser(alice, "$2y$04$hash"))).isTrue();

        assertThat(read((IdentityTx tx) -> tx.user("alice"))).contains(alice);
        assertThat(read((IdentityTx tx) -> tx.userLogin("alice"))).contains(new UserLogin(alice, "$2y$04$hash"));
        assertThat(read((IdentityTx tx) -> tx.user("bob"))).isEmpty();
    }

    @Test
    void insertUser_existingName_returnsFalseAndKeepsTheFirst() {
        write((IdentityTx tx) -> tx.insertUser(new User("alice", false, false, T0), "first"));

        assertThat(write((IdentityTx tx) -> tx.insertUser(new User("alice", true, false, T0.plusSeconds(1)), "second"))).isFalse();

        assertThat(read((IdentityTx tx) -> tx.userLogin("alice")).orElseThrow().passwordHash()).isEqualTo("first");
    }

    @Test
    void users_listedInByteOrder() {
        for (String name : List.of("bob", "Zed", "alice", "a.b")) {
            write((IdentityTx tx) -> tx.insertUser(new User(name, false, false, T0), "h"));
        }

        assertThat(read(IdentityTx::users)).extracting(User::name).containsExactly("Zed", "a.b", "alice", "bob");
    }

    @Test
    void updateUser_flagsAndHash_changeOnlyThatUser() {
        write((IdentityTx tx) -> tx.insertUser(new User("alice", false, false, T0), "h1"));
        write((IdentityTx tx) -> tx.insertUser(new User("bob", false, false, T0), "h1"));

        assertThat(write((IdentityTx tx) -> tx.updateAdmin("alice", true))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.updateDisabled("alice", true))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.updatePasswordHash("alice", "h2"))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.updateAdmin("nobody", true))).isFalse();

        assertThat(read((IdentityTx tx) -> tx.userLogin("alice"))).contains(new UserLogin(new User("alice", true, true, T0), "h2"));
        assertThat(read((IdentityTx tx) -> tx.userLogin("bob"))).contains(new UserLogin(new User("bob", false, false, T0), "h1"));
    }

    @Test
    void countEnabledAdmins_ignoresDisabledAdminsAndPlainUsers() {
        write((IdentityTx tx) -> tx.insertUser(new User("a1", true, false, T0), "h"));
        write((IdentityTx tx) -> tx.insertUser(new User("a2", true, true, T0), "h"));
        write((IdentityTx tx) -> tx.insertUser(new User("u", false, false, T0), "h"));

        assertThat(read(IdentityTx::countEnabledAdmins)).isEqualTo(1);
    }

    @Test
    void deleteUser_removesTokensMembershipsAndRulesNamingThem() {
        write((IdentityTx tx) -> {
            tx.insertUser(new User("alice", false, false, T0), "h");
            tx.insertUser(new User("bob", false, false, T0), "h");
            tx.insertToken(token("tok1", "alice", Optional.empty()), HASH);
            tx.insertToken(token("tok2", "bob", Optional.empty()), HASH);
            tx.insertNamespace(new Namespace("team", false, T0));
            tx.putMember(new Member("team", "alice", Role.WRITER));
            tx.putMember(new Member("team", "bob", Role.READER));
            tx.insertRule(new NewRule("team/app", Optional.of("alice"), Role.ADMIN), "root", T0);
            return tx.insertRule(new NewRule("team/app", Optional.of("bob"), Role.ADMIN), "root", T0);
        });

        assertThat(write((IdentityTx tx) -> tx.deleteUser("alice"))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.deleteUser("alice"))).isFalse();

        assertThat(read((IdentityTx tx) -> tx.user("alice"))).isEmpty();
        assertThat(read((IdentityTx tx) -> tx.token("tok1"))).isEmpty();
        assertThat(read((IdentityTx tx) -> tx.token("tok2"))).isPresent();
        assertThat(read(IdentityTx::memberships)).containsExactly(new Member("team", "bob", Role.READER));
        assertThat(read(IdentityTx::rules)).extracting(RepositoryRule::subject).containsExactly(Optional.of("bob"));
    }

    // Robots.

    @Test
    void insertRobot_readBackWithOptionalTimesAndHash() {
        Robot forever = new Robot("ci", "builds", "root", T0, Optional.empty(), Optional.empty(), Optional.empty());
        Robot expiring = new Robot("deploy", "", "root", T0, Optional.of(T0.plusSeconds(3600)), Optional.empty(),
                Optional.empty());

        assertThat(write((IdentityTx tx) -> tx.insertRobot(forever, HASH))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.insertRobot(expiring, HASH))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.insertRobot(forever, HASH))).isFalse();

        assertThat(read((IdentityTx tx) -> tx.robot("ci"))).contains(forever);
        assertThat(read((IdentityTx tx) -> tx.robot("deploy"))).contains(expiring);
        assertThat(read((IdentityTx tx) -> tx.robotLogin("ci")).orElseThrow().secretHash()).isEqualTo(HASH);
        assertThat(read(IdentityTx::robots)).containsExactly(forever, expiring);
    }

    @Test
    void revokeRobot_onceOnly_andMarkUsedRecordsTheTime() {
        write((IdentityTx tx) -> tx.insertRobot(new Robot("ci", "", "root", T0, Optional.empty(), Optional.empty(),
                Optional.empty()), HASH));

        assertThat(write((IdentityTx tx) -> tx.revokeRobot("ci", T0.plusSeconds(5)))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.revokeRobot("ci", T0.plusSeconds(9)))).isFalse();
        assertThat(write((IdentityTx tx) -> tx.revokeRobot("nobody", T0))).isFalse();
        write((IdentityTx tx) -> {
            tx.markRobotUsed("ci", T0.plusSeconds(7));
            return null;
        });

        Robot robot = read((IdentityTx tx) -> tx.robot("ci")).orElseThrow();
        assertThat(robot.revokedAt()).contains(T0.plusSeconds(5));
        assertThat(robot.lastUsedAt()).contains(T0.plusSeconds(7));
        assertThat(robot.isActive(T0.plusSeconds(6))).isFalse();
    }

    // Tokens.

    @Test
    void insertToken_readBackWithOwner_newestFirstInLists() {
        User alice = new User("alice", true, false, T0);
        write((IdentityTx tx) -> tx.insertUser(alice, "h"));
        write((IdentityTx tx) -> tx.insertUser(new User("bob", false, false, T0), "h"));
        AccessToken older = token("old", "alice", Optional.of("team"));
        AccessToken newer = new AccessToken("new", "alice", "ci", Optional.empty(), T0.plusSeconds(10),
                T0.plusSeconds(1000), Optional.empty(), Optional.empty());
        AccessToken bobs = token("bobs", "bob", Optional.empty());

        assertThat(write((IdentityTx tx) -> tx.insertToken(older, HASH))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.insertToken(newer, HASH))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.insertToken(bobs, HASH))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.insertToken(bobs, HASH))).isFalse();

        assertThat(read((IdentityTx tx) -> tx.token("old"))).contains(older);
        TokenLogin login = read((IdentityTx tx) -> tx.tokenLogin("old")).orElseThrow();
        assertThat(login.token()).isEqualTo(older);
        assertThat(login.owner()).isEqualTo(alice);
        assertThat(login.secretHash()).isEqualTo(HASH);
        assertThat(read((IdentityTx tx) -> tx.tokensOf("alice"))).containsExactly(newer, older);
        assertThat(read(IdentityTx::tokens)).containsExactly(newer, bobs, older);
        assertThat(read((IdentityTx tx) -> tx.tokenLogin("missing"))).isEmpty();
    }

    @Test
    void revokeToken_onceOnly_andMarkUsedRecordsTheTime() {
        write((IdentityTx tx) -> tx.insertUser(new User("alice", false, false, T0), "h"));
        write((IdentityTx tx) -> tx.insertToken(token("t1", "alice", Optional.empty()), HASH));

        assertThat(write((IdentityTx tx) -> tx.revokeToken("t1", T0.plusSeconds(3)))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.revokeToken("t1", T0.plusSeconds(4)))).isFalse();
        write((IdentityTx tx) -> {
            tx.markTokenUsed("t1", T0.plusSeconds(2));
            return null;
        });

        AccessToken token = read((IdentityTx tx) -> tx.token("t1")).orElseThrow();
        assertThat(token.revokedAt()).contains(T0.plusSeconds(3));
        assertThat(token.lastUsedAt()).contains(T0.plusSeconds(2));
    }

    @Test
    void insertToken_unknownUser_fails() {
        assertThatThrownBy(() -> write((IdentityTx tx) -> tx.insertToken(token("t1", "ghost", Optional.empty()), HASH)))
                .isInstanceOf(RuntimeException.class);
        assertThat(read((IdentityTx tx) -> tx.token("t1"))).isEmpty();
    }

    // Namespaces and members.

    @Test
    void namespaces_insertUpdateListDelete() {
        assertThat(write((IdentityTx tx) -> tx.insertNamespace(new Namespace("team-a", false, T0)))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.insertNamespace(new Namespace("team-a", true, T0)))).isFalse();
        write((IdentityTx tx) -> tx.insertNamespace(new Namespace("team-a/secret", false, T0)));

        assertThat(write((IdentityTx tx) -> tx.updatePublic("team-a", true))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.updatePublic("missing", true))).isFalse();

        assertThat(read(IdentityTx::namespaces)).containsExactly(new Namespace("team-a", true, T0),
                new Namespace("team-a/secret", false, T0));
        assertThat(write((IdentityTx tx) -> tx.deleteNamespace("team-a/secret"))).isTrue();
        assertThat(read((IdentityTx tx) -> tx.namespace("team-a/secret"))).isEmpty();
    }

    @Test
    void putMember_twice_replacesTheRole() {
        write((IdentityTx tx) -> tx.insertNamespace(new Namespace("team", false, T0)));
        write((IdentityTx tx) -> {
            tx.putMember(new Member("team", "alice", Role.READER));
            tx.putMember(new Member("team", "robot$ci", Role.WRITER));
            tx.putMember(new Member("team", "alice", Role.MAINTAINER));
            return null;
        });

        assertThat(read((IdentityTx tx) -> tx.members("team"))).containsExactly(new Member("team", "alice", Role.MAINTAINER),
                new Member("team", "robot$ci", Role.WRITER));
        assertThat(read((IdentityTx tx) -> tx.membershipsOf("robot$ci"))).containsExactly(new Member("team", "robot$ci", Role.WRITER));
    }

    @Test
    void putMember_unknownNamespace_fails() {
        assertThatThrownBy(() -> write((IdentityTx tx) -> {
            tx.putMember(new Member("nowhere", "alice", Role.READER));
            return null;
        })).isInstanceOf(RuntimeException.class);
    }

    @Test
    void deleteNamespace_removesItsMemberships() {
        write((IdentityTx tx) -> {
            tx.insertNamespace(new Namespace("a", false, T0));
            tx.insertNamespace(new Namespace("b", false, T0));
            tx.putMember(new Member("a", "alice", Role.ADMIN));
            tx.putMember(new Member("b", "alice", Role.READER));
            return tx.deleteNamespace("a");
        });

        assertThat(read(IdentityTx::memberships)).containsExactly(new Member("b", "alice", Role.READER));
        assertThat(write((IdentityTx tx) -> tx.deleteMember("b", "alice"))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.deleteMember("b", "alice"))).isFalse();
    }

    // Rules.

    @Test
    void insertRule_duplicatePatternAndSubject_isEmpty_everyoneAndSubjectAreDistinct() {
        RepositoryRule everyone = write((IdentityTx tx) -> tx.insertRule(new NewRule("team-a/secret/*", Optional.empty(),
                Role.NONE), "root", T0)).orElseThrow();
        RepositoryRule alice = write((IdentityTx tx) -> tx.insertRule(new NewRule("team-a/secret/*", Optional.of("alice"),
                Role.READER), "root", T0)).orElseThrow();

        assertThat(write((IdentityTx tx) -> tx.insertRule(new NewRule("team-a/secret/*", Optional.empty(), Role.READER), "root",
                T0))).isEmpty();
        assertThat(everyone).isEqualTo(new RepositoryRule(everyone.id(), "team-a/secret/*", Optional.empty(),
                Role.NONE, "root", T0));
        assertThat(alice.id()).isGreaterThan(everyone.id());
        assertThat(read(IdentityTx::rules)).containsExactly(everyone, alice);
        assertThat(read((IdentityTx tx) -> tx.rule(alice.id()))).contains(alice);
        assertThat(write((IdentityTx tx) -> tx.deleteRule(everyone.id()))).isTrue();
        assertThat(write((IdentityTx tx) -> tx.deleteRule(everyone.id()))).isFalse();
        assertThat(read(IdentityTx::rules)).containsExactly(alice);
    }

    // Audit.

    @Test
    void auditEvents_newestFirst_pagedAndFiltered() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            write((IdentityTx tx) -> tx.appendAudit(T0.plusSeconds(n), n % 2 == 0 ? "alice" : "bob", n < 3 ? "login" : "user.add",
                    "t" + n, "10.0.0." + n, n == 0 ? AuditEvent.Outcome.FAILURE : AuditEvent.Outcome.SUCCESS, "d" + n));
        }

        List<AuditEvent> all = read((IdentityTx tx) -> tx.auditEvents(AuditQuery.latest(10)));
        assertThat(all).extracting(AuditEvent::target).containsExactly("t4", "t3", "t2", "t1", "t0");
        assertThat(all.get(4)).isEqualTo(new AuditEvent(all.get(4).id(), T0, "alice", "login", "t0", "10.0.0.0",
                AuditEvent.Outcome.FAILURE, "d0"));
        assertThat(read((IdentityTx tx) -> tx.auditEvents(AuditQuery.latest(2)))).extracting(AuditEvent::target)
                .containsExactly("t4", "t3");
        assertThat(read((IdentityTx tx) -> tx.auditEvents(new AuditQuery(2, Optional.of(all.get(1).id()), Optional.empty(),
                Optional.empty())))).extracting(AuditEvent::target).containsExactly("t2", "t1");
        assertThat(read((IdentityTx tx) -> tx.auditEvents(new AuditQuery(10, Optional.empty(), Optional.of("login"),
                Optional.of("alice"))))).extracting(AuditEvent::target).containsExactly("t2", "t0");
        assertThat(read((IdentityTx tx) -> tx.auditEvents(AuditQuery.latest(0)))).isEmpty();
    }

    // Transactions.

    @Test
    void write_workThrows_rollsBackEverything() {
        assertThatThrownBy(() -> write((IdentityTx tx) -> {
            tx.insertUser(new User("alice", false, false, T0), "h");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(read((IdentityTx tx) -> tx.user("alice"))).isEmpty();
    }

    @Test
    void read_triesToWrite_fails() {
        assertThatThrownBy(() -> read((IdentityTx tx) -> tx.insertUser(new User("alice", false, false, T0), "h")))
                .isInstanceOf(RuntimeException.class);
        assertThat(read((IdentityTx tx) -> tx.user("alice"))).isEmpty();
    }

    private static AccessToken token(String id, String user, Optional<String> namespace) {
        return new AccessToken(id, user, "", namespace, T0, T0.plusSeconds(3600), Optional.empty(), Optional.empty());
    }

    private <T> T write(java.util.function.Function<IdentityTx, T> work) {
        return store().write(work);
    }

    private <T> T read(java.util.function.Function<IdentityTx, T> work) {
        return store().read(work);
    }
}
