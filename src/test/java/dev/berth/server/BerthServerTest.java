package dev.berth.server;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BerthServerTest {
    @TempDir
    Path dir;

    @Test
    void start_secondServerOnTheSameSqliteData_refusedAndFirstKeepsServing() throws Exception {
        BerthConfig config = config(dir.resolve("data"));
        try (RunningServer first = BerthServer.start(config)) {
            assertThatThrownBy(() -> BerthServer.start(config))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("another Berth process is using");

            assertThat(get(((BerthServer) first).port(), "/v2/")).isEqualTo(200);
        }
        try (RunningServer again = BerthServer.start(config)) {
            assertThat(get(((BerthServer) again).port(), "/v2/")).isEqualTo(200);
        }
    }

    private static BerthConfig config(Path dataDir) {
        return new ConfigLoader(Map.of()).load(Optional.empty(), Map.of("data-dir", dataDir.toString(),
                "server.listen", "127.0.0.1:0", "metadata.sqlite-durability", "normal"));
    }

    private static int get(int port, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
