package dev.berth.auth.token;

import dev.berth.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeysTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void firstStart_makesOneOwnerOnlyKey_thatTheNextStartReuses() throws Exception {
        Path keyDir = dir.resolve("token-keys");
        String kid = new SigningKeys(keyDir, Duration.ofDays(30), Duration.ofMinutes(6), clock).current().kid();

        List<Path> files;
        try (var listing = Files.list(keyDir)) {
            files = listing.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(files.getFirst().getFileName().toString()).matches("es256-20260301T100000Z-[0-9a-f]{8}\\.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.getFirst())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyDir))).isEqualTo("rwx------");
        assertThat(Files.readString(files.getFirst())).contains("BEGIN PRIVATE KEY").contains("BEGIN PUBLIC KEY");
        assertThat(new SigningKeys(keyDir, Duration.ofDays(30), Duration.ofMinutes(6), clock).current().kid())
                .isEqualTo(kid);
    }

    @Test
    void keyFileReadableByOthers_isRestricted_andUnreadableFilesAreIgnored() throws Exception {
        Path keyDir = dir.resolve("keys");
        new SigningKeys(keyDir, Duration.ofDays(30), Duration.ofMinutes(6), clock);
        Path key;
        try (var listing = Files.list(keyDir)) {
            key = listing.findFirst().orElseThrow();
        }
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(keyDir.resolve("es256-20260301T090000Z-00000000.pem"), "garbage");

        SigningKeys reopened = new SigningKeys(keyDir, Duration.ofDays(30), Duration.ofMinutes(6), clock);

        assertThat(reopened.all()).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void keyString_neverShowsThePrivateKey() {
        SigningKey key = new SigningKeys(dir.resolve("k"), Duration.ofDays(30), Duration.ofMinutes(6), clock).current();
        assertThat(key.toString()).isEqualTo("SigningKey[kid=" + key.kid() + ", created=2026-03-01T10:00:00Z]");
    }
}
