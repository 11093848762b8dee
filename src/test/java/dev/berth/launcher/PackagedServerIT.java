package dev.berth.launcher;

import dev.berth.domain.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged server as users run it ({@code java -jar target/berth.jar serve}, what {@code ./berth} execs):
 * its runtime class path is complete, it serves a push and a pull, and SIGTERM stops it cleanly.
 */
class PackagedServerIT {
    private static final Pattern LISTENING = Pattern.compile("Berth listening on (?:https?://)?[^:/]+:(\\d+)");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void packagedJar_servesPushAndPull_andStopsOnSigterm(@TempDir Path data) throws Exception {
        Path jar = Path.of("target/berth.jar");
        assertThat(jar).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-jar",
                jar.toString(), "serve", "--listen", "127.0.0.1:0", "--data-dir", data.toString())
                .redirectErrorStream(true).start();
        try {
            int port = awaitPort(server);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/v2/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            byte[] blob = "packaged".getBytes(StandardCharsets.UTF_8);
            Digest digest = Digest.sha256(blob);
            var push = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/smoke/blobs/uploads/?digest=" + digest))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(push.statusCode()).isEqualTo(201);
            var pull = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/smoke/blobs/" + digest)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pull.body()).isEqualTo(blob);
            assertThat(Files.exists(data.resolve("metadata.db"))).isTrue();
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
        }
    }

    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.lines().forEach(l -> { });
                    } catch (java.io.UncheckedIOException closed) {
                        // The process ended and its output closed: nothing more to drain.
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("server exited before listening:\n" + seen);
    }
}
