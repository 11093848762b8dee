package dev.berth.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Users from an {@code htpasswd -B} file, written here with the bcrypt library as Apache writes them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HtpasswdAuthenticationTest {
    private static final String ADDRESS = "198.51.100.7";

    @TempDir
    Path dir;
    private AccessFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void bcryptEntries_2y2a2b_allAuthenticate() throws IOException {
        Path file = write("""
                # written by htpasswd -B
                ylva:%s
                anna:%s
                bert:%s
                """.formatted(hash(BCrypt.Version.VERSION_2Y, "pw-y"), hash(BCrypt.Version.VERSION_2A, "pw-a"),
                hash(BCrypt.Version.VERSION_2B, "pw-b")));
        fixture = new AccessFixture(dir, Optional.of(file));

        assertThat(authenticate("ylva", "pw-y")).contains(new Principal("ylva", Principal.Kind.USER, false));
        assertThat(authenticate("anna", "pw-a")).isPresent();
        assertThat(authenticate("bert", "pw-b")).isPresent();
        assertThat(authenticate("ylva", "pw-a")).isEmpty();
    }

    @Test
    void nonBcryptEntries_ignored() throws IOException {
        Path file = write("""
                md5:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/
                sha:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=
                plain:password
                malformed line without colon
                good:%s
                """.formatted(hash(BCrypt.Version.VERSION_2Y, "password")));
        fixture = new AccessFixture(dir, Optional.of(file));

        assertThat(authenticate("plain", "password")).isEmpty();
        assertThat(authenticate("sha", "password")).isEmpty();
        assertThat(authenticate("md5", "password")).isEmpty();
        assertThat(authenticate("good", "password")).isPresent();
    }

    @Test
    void fileChanged_reloadedWithoutRestart() throws IOException {
        Path file = write("first:" + hash(BCrypt.Version.VERSION_2Y, "one") + "\n");
        fixture = new AccessFixture(dir, Optional.of(file));
        assertThat(authenticate("first", "one")).isPresent();
        assertThat(authenticate("second", "two")).isEmpty();

        write("second:" + hash(BCrypt.Version.VERSION_2Y, "two") + "\nthird:" + hash(BCrypt.Version.VERSION_2Y, "3")
                + "\n");
        fixture.clock.advance(HtpasswdFile.RECHECK.plus(Duration.ofMillis(1)));

        assertThat(authenticate("second", "two")).isPresent();
        fixture.clock.advance(Duration.ofMinutes(1));
        assertThat(authenticate("first", "one")).isEmpty();
    }

    @Test
    void fileMissing_noUsersFromIt_databaseUsersStillWork() {
        fixture = new AccessFixture(dir, Optional.of(dir.resolve("absent.htpasswd")));
        fixture.addUser("alice", "correct horse", false);

        assertThat(authenticate("alice", "correct horse")).isPresent();
        assertThat(authenticate("ghost", "x")).isEmpty();
    }

    @Test
    void databaseUser_shadowsHtpasswdUserOfTheSameName() throws IOException {
        Path file = write("alice:" + hash(BCrypt.Version.VERSION_2Y, "file password") + "\n");
        fixture = new AccessFixture(dir, Optional.of(file));
        fixture.addUser("alice", "database password", false);

        assertThat(authenticate("alice", "database password")).isPresent();
        assertThat(authenticate("alice", "file password")).isEmpty();
    }

    @Test
    void passwordLongerThan72Bytes_comparedOnItsFirst72AsApacheDoes() throws IOException {
        String longPassword = "x".repeat(72);
        Path file = write("long:" + BCrypt.with(BCrypt.Version.VERSION_2Y, new java.security.SecureRandom(),
                at.favre.lib.crypto.bcrypt.LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y))
                .hashToString(4, (longPassword + "tail").toCharArray()) + "\n");
        fixture = new AccessFixture(dir, Optional.of(file));

        assertThat(authenticate("long", longPassword + "tail")).isPresent();
        assertThat(authenticate("long", longPassword + "other")).isPresent();
        assertThat(authenticate("long", "x".repeat(71))).isEmpty();
    }

    private Optional<Principal> authenticate(String user, String secret) {
        return fixture.authenticator().authenticate(user, secret, ADDRESS);
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("users.htpasswd"), content);
    }

    private static String hash(BCrypt.Version version, String password) {
        return BCrypt.with(version).hashToString(5, password.toCharArray());
    }
}
