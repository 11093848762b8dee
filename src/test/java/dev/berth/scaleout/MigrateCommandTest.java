package dev.berth.scaleout;

import dev.berth.cli.BerthCommand;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.domain.Digest;
import dev.berth.server.BerthServer;
import dev.berth.server.RunningServer;
import dev.berth.testing.PostgresTestDatabase;
import dev.berth.testing.S3ProxyServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.berth.scaleout.MultiNodeTest.json;
import static dev.berth.scaleout.MultiNodeTest.random;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code berth migrate} from a single node's data directory into S3Proxy + PostgreSQL, then served from there. */
@Tag("slow")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MigrateCommandTest {
    @TempDir
    Path dir;

    @Test
    void migrate_dataDirIntoS3AndPostgres_servedByANodeOnTheTargetAndSecondRunCopiesNothing() throws IOException {
        Path dataDir = dir.resolve("single-node");
        byte[] layer = random(21, 7 * 1024 * 1024 + 3);
        Digest image;
        // A default single node: blobs under the data directory, SQLite in <data-dir>/metadata.db. It keeps
        // serving during the first pass, as docs/deploy.md describes.
        RunningServer single = BerthServer.start(new ConfigLoader(Map.of()).load(Optional.empty(),
                Map.of("data-dir", dataDir.toString(), "server.listen", "127.0.0.1:0")));
        try (single; PostgresTestDatabase database = PostgresTestDatabase.create();
             S3ProxyServer s3 = S3ProxyServer.startTransient()) {
            s3.createBucket("migrated");
            Path target = Files.writeString(dir.resolve("target.yaml"), """
                    storage:
                      type: s3
                    s3:
                      bucket: migrated
                      prefix: registry
                      endpoint: %s
                      path-style: true
                      access-key: %s
                    metadata:
                      type: postgresql
                      url: %s
                      user: %s
                    """.formatted(s3.endpoint(), S3ProxyServer.ACCESS_KEY, database.url(), database.user()));
            Map<String, String> environment = Map.of("BERTH_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY,
                    "BERTH_METADATA_PASSWORD", database.password());
            RoundRobinClient singleClient = new RoundRobinClient(
                    List.of(java.net.URI.create("http://127.0.0.1:" + ((BerthServer) single).port())), 0);
            image = singleClient.pushImage("apps/web", "1.0", json("web"), 3 * 1024 * 1024, layer,
                    random(22, 10_000)).digest();
            singleClient.pushImage("apps/db", "latest", json("db"), 64 * 1024, random(23, 50_000));

            Run first = run(environment, "migrate", "--from-data-dir", dataDir.toString(),
                    "--to-config", target.toString());
            single.close();
            Run second = run(environment, "migrate", "--from-data-dir", dataDir.toString(),
                    "--to-config", target.toString(), "--verify-existing");

            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("migrate: done in", "5 copied and verified", "0 already in the target",
                    "repositories: 2 (2 manifests, 2 tags)", "problems:     none");
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(second.output()).contains("0 copied and verified", "5 already in the target");

            BerthConfig nodeConfig = new ConfigLoader(environment).load(Optional.of(target),
                    Map.of("server.listen", "127.0.0.1:0", "data-dir", dir.resolve("node").toString()));
            try (RunningServer node = BerthServer.start(nodeConfig)) {
                RoundRobinClient client = new RoundRobinClient(
                        List.of(java.net.URI.create("http://127.0.0.1:" + ((BerthServer) node).port())), 0);
                HttpResponse<byte[]> manifest = client.send("GET", "/v2/apps/web/manifests/1.0", null,
                        "Accept", RoundRobinClient.OCI_MANIFEST);
                RoundRobinClient.expect(manifest, 200);
                assertThat(Digest.sha256(manifest.body())).isEqualTo(image);
                HttpResponse<byte[]> blob = client.send("GET", "/v2/apps/web/blobs/" + Digest.sha256(layer), null);
                RoundRobinClient.expect(blob, 200);
                assertThat(blob.body()).isEqualTo(layer);
            }
        }
    }

    @Test
    void migrate_sameStoresAsSource_refusedWithExitCode2() {
        Run refused = run(Map.of(), "migrate", "--from-data-dir", dir.toString(), "--to-config",
                writeConfig("data-dir: " + dir + "\n").toString());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.errors()).contains("the source and the target are the same stores");
    }

    @Test
    void migrate_fromADataDirWithoutDatabase_failsAndCreatesNothing() {
        Path missing = dir.resolve("typo");

        Run failed = run(Map.of(), "migrate", "--from-data-dir", missing.toString(), "--to-config",
                writeConfig("data-dir: " + dir.resolve("target") + "\n").toString());

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.output() + failed.errors()).contains("no metadata database at " + missing.resolve("metadata.db"));
        assertThat(missing.resolve("metadata.db")).doesNotExist();
    }

    private Path writeConfig(String yaml) {
        try {
            return Files.writeString(dir.resolve("same.yaml"), yaml);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = BerthCommand.commandLine(environment, config -> {
            throw new AssertionError("migrate must not start a server");
        });
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exitCode, String output, String errors) {
    }
}
