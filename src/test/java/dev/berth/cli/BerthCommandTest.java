package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigKey;
import dev.berth.config.ListenAddress;
import dev.berth.config.LogLevel;
import dev.berth.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class BerthCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<BerthConfig> started = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A server that stops as soon as it is awaited, recording what it was started with. */
    private RunningServer recordingServer(BerthConfig config) {
        started.add(config);
        return new RunningServer() {
            @Override
            public void awaitStopped() {
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    private int run(Map<String, String> env, String... args) {
        CommandLine commandLine = BerthCommand.commandLine(env, this::recordingServer);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void help_topLevel_listsEveryCommand() {
        int exit = run(Map.of(), "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: berth", "serve", "config", "version");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void help_serve_documentsEveryKeyWithItsEnvironmentVariableAndDefault() {
        int exit = run(Map.of(), "serve", "--help");

        assertThat(exit).isZero();
        String help = out.toString();
        assertThat(help).contains("--listen=HOST:PORT", "--data-dir=DIR", "--config=FILE", "--set=KEY=VALUE",
                "BERTH_CONFIG");
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(help).contains(key.key(), key.environmentVariable());
        }
        assertThat(started).isEmpty();
    }

    @Test
    void serve_flagsAndEnvironment_reachTheServerAndItStops() {
        int exit = run(Map.of("BERTH_LOG_LEVEL", "warn"),
                "serve", "--listen", "127.0.0.1:0", "--data-dir", dir.toString(), "--set", "registry.max-page-size=20");

        assertThat(exit).isZero();
        assertThat(started).singleElement().satisfies(config -> {
            assertThat(config.server().listen()).isEqualTo(new ListenAddress("127.0.0.1", 0));
            assertThat(config.dataDir()).isEqualTo(dir);
            assertThat(config.registry().maxPageSize()).isEqualTo(20);
            assertThat(config.log().level()).isEqualTo(LogLevel.WARN);
        });
    }

    @Test
    void serve_invalidConfiguration_listsEveryErrorWithExitCodeTwoAndNoStackTrace() {
        int exit = run(Map.of("BERTH_UPLOADS_PURGE_AFTER", "forever"),
                "serve", "--listen", "nowhere", "--log-format", "xml");

        assertThat(exit).isEqualTo(2);
        assertThat(started).isEmpty();
        assertThat(err.toString())
                .startsWith("berth: invalid configuration (3 errors):")
                .contains("  - server.listen: 'nowhere' is not HOST:PORT")
                .contains("  - uploads.purge-after: 'forever' is not a duration")
                .contains("  - log.format: 'xml' is not one of: text, json")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void serve_serverFailsToStart_printsTheCauseWithExitCodeOne() {
        CommandLine commandLine = BerthCommand.commandLine(Map.of(), config -> {
            throw new IllegalStateException("cannot bind 127.0.0.1:1", new java.net.BindException("Permission denied"));
        });
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("serve", "--data-dir", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("berth: cannot bind 127.0.0.1:1 (IllegalStateException)")
                .contains("caused by: Permission denied (BindException)")
                .doesNotContain("\tat ");
    }

    @Test
    void configCheck_validConfiguration_printsEffectiveValuesWithExitCodeZero() throws IOException {
        Path file = Files.writeString(dir.resolve("berth.yaml"), "registry:\n  deletes-enabled: false\n");

        int exit = run(Map.of("BERTH_SERVER_LISTEN", "0.0.0.0:5001"),
                "config", "check", "--config", file.toString(), "--data-dir", dir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("data-dir: " + dir)
                .contains("  listen: 0.0.0.0:5001")
                .contains("  deletes-enabled: false")
                .contains("  path: " + dir.resolve("metadata.db"));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void configCheck_fileNamedByBerthConfig_isRead() throws IOException {
        Path file = Files.writeString(dir.resolve("berth.yaml"), "log:\n  format: json\n");

        int exit = run(Map.of("BERTH_CONFIG", file.toString()), "config", "check");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("  format: json");
    }

    @Test
    void configCheck_invalidFile_listsErrorsWithExitCodeTwo() throws IOException {
        Path file = Files.writeString(dir.resolve("berth.yaml"), "server:\n  listen: 1.2.3.4\nstorage:\n  kind: s3\n");

        int exit = run(Map.of(), "config", "check", "-c", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .contains("unknown key 'storage.kind'")
                .contains("server.listen: '1.2.3.4' is not HOST:PORT");
    }

    @Test
    void unknownOption_isAUsageErrorWithExitCodeTwo() {
        int exit = run(Map.of(), "serve", "--lisen", "127.0.0.1:5000");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'--lisen'", "Possible solutions: --listen");
        assertThat(started).isEmpty();
    }

    @Test
    void noCommand_explainsAndExitsWithTwo() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command");
    }

    @Test
    void version_printsBerthAndJavaVersions() {
        int exit = run(Map.of(), "version");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("berth ").contains("Java " + Runtime.version().feature());
    }
}
