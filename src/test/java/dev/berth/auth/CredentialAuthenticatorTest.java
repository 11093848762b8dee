package dev.berth.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CredentialAuthenticatorTest {
    private static final String ADDRESS = "198.51.100.7";

    @TempDir
    Path dir;
    private AccessFixture fixture;

    @BeforeEach
    void open() {
        fixture = new AccessFixture(dir, Optional.empty());
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    // Passwords.

    @Test
    void password_right_givesTheUserWithTheirAdminFlag() {
        fixture.addUser("alice", "correct horse", false);
        fixture.addUser("root", "battery staple", true);

        assertThat(authenticate("alice", "correct horse"))
                .contains(new Principal("alice", Principal.Kind.USER, false));
        assertThat(authenticate("root", "battery staple")).contains(new Principal("root", Principal.Kind.USER, true));
    }

    @Test
    void password_storedAsBcrypt2y_neverInClear() {
        fixture.addUser("alice", "correct horse", false);

        String hash = fixture.store.read(tx -> tx.userLogin("alice")).orElseThrow().passwordHash();
        assertThat(hash).startsWith("$2y$04$").doesNotContain("correct horse");
    }

    @Test
    void password_wrongOrUnknownUser_emptyAndAudited() {
        fixture.addUser("alice", "correct horse", false);

        assertThat(authenticate("alice", "wrong")).isEmpty();
        assertThat(authenticate("ghost", "whatever")).isEmpty();

        List<AuditEvent> events = loginFailures();
        assertThat(events).extracting(AuditEvent::actor).containsExactly("ghost", "alice");
        assertThat(events).extracting(AuditEvent::address).containsOnly(ADDRESS);
        assertThat(events).extracting(AuditEvent::detail).containsExactly("unknown user", "wrong password");
        assertThat(events.toString()).doesNotContain("whatever");
    }

    @Test
    void password_disabledUser_empty() {
        fixture.addUser("alice", "correct horse", false);
        fixture.admin().setDisabled(ROOT, "alice", true);

        assertThat(authenticate("alice", "correct horse")).isEmpty();
        assertThat(loginFailures()).extracting(AuditEvent::detail).containsExactly("user disabled");
    }

    // The cache of verified credentials.

    @Test
    void cache_secondRequestWithinTtl_answeredWithoutCheckingTheStore() {
        fixture.addUser("alice", "correct horse", false);
        assertThat(authenticate("alice", "correct horse")).isPresent();
        // Swap the stored hash behind the authenticator's back: only a fresh bcrypt check would notice.
        String otherHash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "other".toCharArray());
        fixture.store.write(tx -> tx.updatePasswordHash("alice", otherHash));

        assertThat(authenticate("alice", "correct horse")).isPresent();

        fixture.clock.advance(Duration.ofSeconds(31));
        assertThat(authenticate("alice", "correct horse")).isEmpty();
        assertThat(authenticate("alice", "other")).isPresent();
    }

    @Test
    void cache_passwordChangedThroughAdmin_oldPasswordRefusedAtOnce() {
        fixture.addUser("alice", "correct horse", false);
        assertThat(authenticate("alice", "correct horse")).isPresent();

        fixture.admin().setPassword(ROOT, "alice", new Secret("new password"));

        assertThat(authenticate("alice", "correct horse")).isEmpty();
        assertThat(authenticate("alice", "new password")).isPresent();
    }

    @Test
    void cache_wrongSecretForCachedUser_isNotAHit() {
        fixture.addUser("alice", "correct horse", false);
        assertThat(authenticate("alice", "correct horse")).isPresent();

        assertThat(authenticate("alice", "correct horsf")).isEmpty();
    }

    // Throttling.

    @Test
    void throttle_tooManyFailuresForOneUser_429WithRetryAfterEvenForTheRightPassword() {
        fixture.addUser("alice", "correct horse", false);
        for (int i = 0; i < AccessFixture.THROTTLE.userFailures(); i++) {
            assertThat(authenticate("alice", "guess" + i)).isEmpty();
        }

        assertThatThrownBy(() -> authenticate("alice", "correct horse"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOOMANYREQUESTS);
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.headers()).containsEntry("Retry-After", "300");
                });
        assertThat(loginFailures().getFirst().detail()).endsWith("further attempts throttled");

        fixture.clock.advance(Duration.ofSeconds(120));
        assertThatThrownBy(() -> authenticate("alice", "correct horse"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.headers()).containsEntry("Retry-After", "180"));

        fixture.clock.advance(Duration.ofSeconds(181));
        assertThat(authenticate("alice", "correct horse")).isPresent();
    }

    @Test
    void throttle_manyUsersFromOneAddress_addressBlockedOthersNot() {
        fixture.addUser("alice", "correct horse", false);
        for (int i = 0; i < AccessFixture.THROTTLE.addressFailures(); i++) {
            assertThat(authenticate("spray" + i, "password")).isEmpty();
        }

        assertThatThrownBy(() -> authenticate("alice", "correct horse"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOMANYREQUESTS));
        assertThat(fixture.authenticator().authenticate("alice", "correct horse", "203.0.113.9")).isPresent();
    }

    @Test
    void throttle_alreadyVerifiedCredentials_stillServedDuringALockout() {
        fixture.addUser("alice", "correct horse", false);
        assertThat(authenticate("alice", "correct horse")).isPresent();
        for (int i = 0; i < AccessFixture.THROTTLE.userFailures(); i++) {
            authenticate("alice", "guess" + i);
        }

        assertThat(authenticate("alice", "correct horse")).isPresent();
    }

    @Test
    void throttle_successClearsTheUsersFailures() {
        fixture.addUser("alice", "correct horse", false);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < AccessFixture.THROTTLE.userFailures() - 1; i++) {
                assertThat(fixture.authenticator().authenticate("alice", "guess", "203.0.113." + round)).isEmpty();
            }
            assertThat(fixture.authenticator().authenticate("alice", "correct horse", "203.0.113." + round))
                    .isPresent();
            fixture.access.admin().setPassword(ROOT, "alice", new Secret("correct horse"));
        }
    }

    // Personal access tokens.

    @Test
    void token_withItsUser_givesTheUserRestrictedToTheTokensNamespace() {
        fixture.addUser("alice", "correct horse", true);
        fixture.admin().createNamespace(ROOT, "team-a", false);
        IssuedToken token = fixture.admin().createToken(ROOT, new NewToken("alice",
                AccessFixture.T0.plus(Duration.ofDays(30)), Optional.of("team-a"), "ci"));

        assertThat(token.secret().reveal()).startsWith(token.token().id() + "_").startsWith("bpat_");
        assertThat(authenticate("alice", token.secret().reveal()))
                .contains(new Principal("alice", Principal.Kind.USER, true, Optional.of("team-a")));
        assertThat(fixture.store.read(tx -> tx.token(token.token().id())).orElseThrow().lastUsedAt())
                .contains(AccessFixture.T0);
    }

    @Test
    void token_storedOnlyAsSha256() {
        fixture.addUser("alice", "correct horse", false);
        IssuedToken token = fixture.admin().createToken(ROOT, new NewToken("alice",
                AccessFixture.T0.plus(Duration.ofDays(1)), Optional.empty(), ""));

        TokenLogin stored = fixture.store.read(tx -> tx.tokenLogin(token.token().id())).orElseThrow();
        assertThat(stored.secretHash()).isEqualTo(SecretDigests.sha256(token.secret().reveal()));
        assertThat(token.secret().toString()).isEqualTo("****");
        assertThat(token.toString()).doesNotContain(token.secret().reveal());
    }

    @Test
    void token_withAnotherUsersName_empty() {
        fixture.addUser("alice", "correct horse", false);
        fixture.addUser("bob", "hunter22", false);
        IssuedToken token = fixture.admin().createToken(ROOT, new NewToken("alice",
                AccessFixture.T0.plus(Duration.ofDays(1)), Optional.empty(), ""));

        assertThat(authenticate("bob", token.secret().reveal())).isEmpty();
        assertThat(loginFailures().getFirst().detail()).contains("belongs to another user");
    }

    @Test
    void token_expired_empty_evenAfterACachedSuccess() {
        fixture.addUser("alice", "correct horse", false);
        IssuedToken token = fixture.admin().createToken(ROOT, new NewToken("alice",
                AccessFixture.T0.plusSeconds(10), Optional.empty(), ""));
        assertThat(authenticate("alice", token.secret().reveal())).isPresent();

        fixture.clock.advance(Duration.ofSeconds(10));

        assertThat(authenticate("alice", token.secret().reveal())).isEmpty();
        assertThat(loginFailures().getFirst().detail()).endsWith("expired");
    }

    @Test
    void token_revoked_emptyAtOnce() {
        fixture.addUser("alice", "correct horse", false);
        IssuedToken token = fixture.admin().createToken(ROOT, new NewToken("alice",
                AccessFixture.T0.plus(Duration.ofDays(1)), Optional.empty(), ""));
        assertThat(authenticate("alice", token.secret().reveal())).isPresent();

        fixture.admin().revokeToken(ROOT, token.token().id());

        assertThat(authenticate("alice", token.secret().reveal())).isEmpty();
        assertThat(loginFailures().getFirst().detail()).endsWith("revoked");
    }

    @Test
    void token_tamperedSecret_empty() {
        fixture.addUser("alice", "correct horse", false);
        IssuedToken token = fixture.admin().createToken(ROOT, new NewToken("alice",
                AccessFixture.T0.plus(Duration.ofDays(1)), Optional.empty(), ""));
        String secret = token.secret().reveal();
        String tampered = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");

        assertThat(authenticate("alice", tampered)).isEmpty();
    }

    @Test
    void token_ownerDisabled_empty() {
        fixture.addUser("alice", "correct horse", false);
        fixture.addUser("root", "root password", true);
        IssuedToken token = fixture.admin().createToken(ROOT, new NewToken("alice",
                AccessFixture.T0.plus(Duration.ofDays(1)), Optional.empty(), ""));

        fixture.admin().setDisabled(ROOT, "alice", true);

        assertThat(authenticate("alice", token.secret().reveal())).isEmpty();
    }

    // Robots.

    @Test
    void robot_withItsSecret_givesTheRobot() {
        fixture.admin().createNamespace(ROOT, "team-a", false);
        IssuedRobot robot = fixture.admin().createRobot(ROOT, new NewRobot("ci", List.of("team-a"), Role.WRITER,
                Optional.of(AccessFixture.T0.plus(Duration.ofDays(90))), "builds"));

        assertThat(authenticate("robot$ci", robot.secret().reveal()))
                .contains(new Principal("robot$ci", Principal.Kind.ROBOT, false));
        assertThat(authenticate("robot$ci", "brob_wrong")).isEmpty();
        assertThat(authenticate("robot$other", robot.secret().reveal())).isEmpty();
    }

    @Test
    void robot_revokedOrExpired_empty() {
        fixture.admin().createNamespace(ROOT, "team-a", false);
        IssuedRobot revoked = fixture.admin().createRobot(ROOT, new NewRobot("old", List.of("team-a"), Role.READER,
                Optional.empty(), ""));
        IssuedRobot expiring = fixture.admin().createRobot(ROOT, new NewRobot("temp", List.of("team-a"),
                Role.READER, Optional.of(AccessFixture.T0.plusSeconds(60)), ""));
        assertThat(authenticate("robot$old", revoked.secret().reveal())).isPresent();

        fixture.admin().revokeRobot(ROOT, "old");
        fixture.clock.advance(Duration.ofSeconds(60));

        assertThat(authenticate("robot$old", revoked.secret().reveal())).isEmpty();
        assertThat(authenticate("robot$temp", expiring.secret().reveal())).isEmpty();
        assertThat(loginFailures()).extracting(AuditEvent::detail).containsExactly("robot expired", "robot revoked");
    }

    private Optional<Principal> authenticate(String user, String secret) {
        return fixture.authenticator().authenticate(user, secret, ADDRESS);
    }

    private List<AuditEvent> loginFailures() {
        return fixture.admin().auditEvents(ROOT, new AuditQuery(100, Optional.empty(), Optional.of("login"),
                Optional.empty()));
    }
}
