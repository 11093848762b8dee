package dev.berth.cli;

import dev.berth.auth.AccessControl;
import dev.berth.auth.AccessSettings;
import dev.berth.auth.Principal;
import dev.berth.auth.sql.SqlIdentityStore;
import dev.berth.metadata.sql.MetadataDatabase;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity commands on a data directory, checked through the database they write. */
@Timeout(60)
class AccessCommandsTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @Test
    void userAdd_passwordFromStdin_thenAuthenticates() {
        int exit = run("correct horse\n", "user", "add", "alice", "--password-stdin", "--data-dir", dataDir());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("added user alice").doesNotContain("correct horse");
        assertThat(authenticate("alice", "correct horse"))
                .contains(new Principal("alice", Principal.Kind.USER, false));
        assertThat(authenticate("alice", "correct horse\n")).isEmpty();
    }

    @Test
    void userAdd_roleAdmin_isRegistryAdmin() {
        assertThat(run("pw\r\n", "user", "add", "root", "--password-stdin", "--role", "admin", "--data-dir",
                dataDir())).isZero();

        assertThat(authenticate("root", "pw")).contains(new Principal("root", Principal.Kind.USER, true));
    }

    @Test
    void userAdd_dataDirFromConfigFileAndEnvironment_sameDatabaseAsServe() throws Exception {
        Path config = Files.writeString(dir.resolve("berth.yaml"), "data-dir: " + dataDir() + "\n");

        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--config", config.toString())).isZero();
        assertThat(runWithEnvironment(Map.of("BERTH_DATA_DIR", dataDir()), "pw2\n", "user", "add", "bob",
                "--password-stdin")).isZero();

        assertThat(authenticate("alice", "pw")).isPresent();
        assertThat(authenticate("bob", "pw2")).isPresent();
    }

    @Test
    void userAdd_existingUser_oneLineErrorAndExit1() {
        run("pw\n", "user", "add", "alice", "--password-stdin", "--data-dir", dataDir());

        int exit = run("pw\n", "user", "add", "alice", "--password-stdin", "--data-dir", dataDir());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("berth user add: user alice already exists" + System.lineSeparator());
    }

    @Test
    void userAdd_unknownRole_usageError() {
        int exit = run("pw\n", "user", "add", "alice", "--password-stdin", "--role", "owner", "--data-dir", dataDir());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--role must be admin or user");
    }

    @Test
    void userListPasswdDisableRemove_roundTrip() {
        run("pw\n", "user", "add", "root", "--password-stdin", "--role", "admin", "--data-dir", dataDir());
        run("pw\n", "user", "add", "alice", "--password-stdin", "--data-dir", dataDir());

        assertThat(run("", "user", "list", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("NAME", "alice", "root", "admin", "enabled").doesNotContain("$2y$");

        assertThat(run("new pw\n", "user", "passwd", "alice", "--password-stdin", "--data-dir", dataDir())).isZero();
        assertThat(authenticate("alice", "new pw")).isPresent();
        assertThat(run("", "user", "disable", "alice", "--data-dir", dataDir())).isZero();
        assertThat(authenticate("alice", "new pw")).isEmpty();
        assertThat(run("", "user", "remove", "alice", "--data-dir", dataDir())).isZero();
        assertThat(run("", "user", "list", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).doesNotContain("alice");
    }

    @Test
    void tokenCreate_printsTheSecretAloneOnce_listNeverShowsIt_revokeStopsIt() {
        run("pw\n", "user", "add", "alice", "--password-stdin", "--data-dir", dataDir());
        run("", "namespace", "create", "team-a", "--data-dir", dataDir());

        assertThat(run("", "token", "create", "--user", "alice", "--expires", "30d", "--namespace", "team-a",
                "--data-dir", dataDir())).as(err.toString()).isZero();
        String token = out.toString().strip();
        assertThat(token).startsWith("bpat_").doesNotContain("\n");
        assertThat(err.toString()).contains("shown once", "team-a");
        assertThat(authenticate("alice", token))
                .contains(new Principal("alice", Principal.Kind.USER, false, Optional.of("team-a")));

        assertThat(run("", "token", "list", "--user", "alice", "--data-dir", dataDir())).isZero();
        String id = token.substring(0, 15);
        assertThat(out.toString()).contains(id, "active", "team-a").doesNotContain(token);

        assertThat(run("", "token", "revoke", id, "--data-dir", dataDir())).isZero();
        assertThat(authenticate("alice", token)).isEmpty();
        assertThat(run("", "token", "list", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("revoked");
    }

    @Test
    void tokenCreate_badExpiry_usageError() {
        int exit = run("", "token", "create", "--user", "alice", "--expires", "soon", "--data-dir", dataDir());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--expires 'soon'");
    }

    @Test
    void robotCreate_secretAuthenticatesAsRobot_revokeStopsIt() {
        run("", "namespace", "create", "team-a", "--data-dir", dataDir());

        assertThat(run("", "robot", "create", "ci", "--namespace", "team-a", "--role", "writer", "--expires",
                "never", "--data-dir", dataDir())).as(err.toString()).isZero();
        String secret = out.toString().strip();
        assertThat(secret).startsWith("brob_");
        assertThat(authenticate("robot$ci", secret)).contains(new Principal("robot$ci", Principal.Kind.ROBOT, false));

        assertThat(run("", "namespace", "members", "team-a", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("robot$ci", "writer");
        assertThat(run("", "robot", "list", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("robot$ci", "active", "never").doesNotContain(secret);
        assertThat(run("", "robot", "revoke", "robot$ci", "--data-dir", dataDir())).isZero();
        assertThat(authenticate("robot$ci", secret)).isEmpty();
    }

    @Test
    void namespaceAndRules_changeWhatUsersMayDo() {
        run("", "namespace", "create", "team-a", "--data-dir", dataDir());
        run("pw\n", "user", "add", "alice", "--password-stdin", "--data-dir", dataDir());

        assertThat(run("", "namespace", "grant", "team-a", "alice", "writer", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("alice is writer in team-a");
        assertThat(run("", "rule", "add", "team-a/secret/*", "--role", "none", "--data-dir", dataDir())).isZero();
        assertThat(run("", "namespace", "public", "team-a", "--data-dir", dataDir())).isZero();
        assertThat(run("", "namespace", "list", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("team-a", "public");
        assertThat(run("", "rule", "list", "--data-dir", dataDir())).isZero();
        assertThat(out.toString()).contains("team-a/secret/*", "everyone", "none");

        try (MetadataDatabase database = openDatabase()) {
            AccessControl access = AccessControl.create(new SqlIdentityStore(database), AccessSettings.DEFAULTS,
                    Clock.systemUTC());
            Principal alice = new Principal("alice", Principal.Kind.USER, false);
            assertThat(access.authorizer().policy().roleOf(alice, "team-a/app").label()).isEqualTo("writer");
            assertThat(access.authorizer().policy().roleOf(alice, "team-a/secret/x").label()).isEqualTo("none");
            assertThat(access.authorizer().policy().roleOf(Principal.ANONYMOUS, "team-a/app").label())
                    .isEqualTo("reader");
        }
        assertThat(run("", "namespace", "grant", "team-a", "alice", "owner", "--data-dir", dataDir())).isEqualTo(2);
    }

    @Test
    void auditList_showsTheOperatorsChanges() {
        run("pw\n", "user", "add", "alice", "--password-stdin", "--data-dir", dataDir());
        run("", "namespace", "create", "team-a", "--data-dir", dataDir());

        assertThat(run("", "audit", "list", "--limit", "10", "--data-dir", dataDir())).isZero();

        String user = System.getProperty("user.name");
        assertThat(out.toString()).contains("namespace.create", "user.add", "cli:" + user, "success", "local")
                .doesNotContain("pw\n");
    }

    @Test
    void groupWithoutSubcommand_usageError() {
        assertThat(run("", "user")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand");
    }

    @Test
    void help_userAdd_documentsTheContract() {
        assertThat(run("", "user", "add", "--help")).isZero();

        assertThat(out.toString()).contains("--password-stdin", "--role", "--data-dir", "--config");
    }

    private String dataDir() {
        return dir.resolve("data").toString();
    }

    private MetadataDatabase openDatabase() {
        return MetadataDatabase.openSqlite(dir.resolve("data").resolve("metadata.db"), SqliteDurability.NORMAL);
    }

    private Optional<Principal> authenticate(String user, String secret) {
        try (MetadataDatabase database = openDatabase()) {
            AccessControl access = AccessControl.create(new SqlIdentityStore(database), AccessSettings.DEFAULTS,
                    Clock.systemUTC());
            return access.authenticator().authenticate(user, secret, "127.0.0.1");
        }
    }

    private int run(String stdin, String... args) {
        return runWithEnvironment(Map.of(), stdin, args);
    }

    private int runWithEnvironment(Map<String, String> environment, String stdin, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = BerthCommand.commandLine(environment, AccessCommandsTest::noServer,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static RunningServer noServer(dev.berth.config.BerthConfig config) {
        throw new AssertionError("no server is started by these commands");
    }
}
