package dev.berth.auth.token;

import dev.berth.http.tls.Pem;
import dev.berth.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    void keyPutThereByHand_privateKeyOnly_anyName_signs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path keyDir = Files.createDirectories(dir.resolve("shared"));
        Process openssl = new ProcessBuilder("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                "ec_paramgen_curve:P-256").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String pem = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pem).contains("BEGIN PRIVATE KEY").doesNotContain("PUBLIC KEY");
        Path file = Files.writeString(keyDir.resolve("berth-token.pem"), pem);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(file, FileTime.from(clock.instant()));

        SigningKeys keys = new SigningKeys(keyDir, Duration.ofDays(30), Duration.ofMinutes(6), clock);

        assertThat(keys.all()).hasSize(1);
        Process pubout = new ProcessBuilder("openssl", "pkey", "-in", file.toString(), "-pubout")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String publicPem = new String(pubout.getInputStream().readAllBytes());
        assertThat(pubout.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keys.current().publicKey()).isEqualTo(Pem.publicKeys(publicPem).getFirst());
        String token = new TokenMinter(keys, "berth", "s", Duration.ofMinutes(5), clock)
                .mint(dev.berth.auth.Principal.ANONYMOUS, List.of()).token();
        assertThat(new TokenVerifier(keys, "berth", java.util.Optional.empty(), "s", Duration.ZERO, clock)
                .verify(token)).isInstanceOf(Verification.Valid.class);
        try (var listing = Files.list(keyDir)) {
            assertThat(listing.count()).isEqualTo(1);
        }
    }

    @Test
    void readOnlyDirectory_keyIsUsed_butNeverRotatedNorDeleted() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root writes to read-only directories");
        Path keyDir = dir.resolve("secret");
        String kid = new SigningKeys(keyDir, Duration.ofDays(30), Duration.ofMinutes(6), clock).current().kid();
        Files.setPosixFilePermissions(keyDir, PosixFilePermissions.fromString("r-x------"));
        try {
            clock.advance(Duration.ofDays(60));
            assertThat(new SigningKeys(keyDir, Duration.ofDays(30), Duration.ofMinutes(6), clock).current().kid())
                    .isEqualTo(kid);
        } finally {
            Files.setPosixFilePermissions(keyDir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void keyString_neverShowsThePrivateKey() {
        SigningKey key = new SigningKeys(dir.resolve("k"), Duration.ofDays(30), Duration.ofMinutes(6), clock).current();
        assertThat(key.toString()).isEqualTo("SigningKey[kid=" + key.kid() + ", created=2026-03-01T10:00:00Z]");
    }
}
