package dev.berth.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.berth.testing.AuthClient;
import dev.berth.testing.SecuredRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --auth basic --htpasswd FILE} and {@code --auth token} with it: htpasswd users log in like database users. */
@Tag("slow")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HtpasswdServerTest {

    @Test
    void htpasswdUser_logsInWithBasicAndAtTheTokenEndpoint(@TempDir Path dir) throws Exception {
        String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(5, "hunter2-but-longer".toCharArray());
        Path htpasswd = Files.writeString(dir.resolve("htpasswd"), "frank:" + hash + "\n");

        for (String mode : new String[]{"basic", "token"}) {
            try (SecuredRegistry registry = SecuredRegistry.start(dir.resolve(mode), Map.of("auth.mode", mode,
                    "auth.htpasswd", htpasswd.toString()), (admin, operator) -> { }, Clock.systemUTC())) {
                AuthClient client = new AuthClient(registry.uri("/"), mode.equals("basic"));

                assertThat(client.send(new AuthClient.Password("frank", "hunter2-but-longer"), "GET", "/v2/", null)
                        .statusCode()).as(mode).isEqualTo(200);
                assertThat(client.send(new AuthClient.Password("frank", "hunter3"), "GET", "/v2/", null)
                        .statusCode()).as(mode).isEqualTo(401);
            }
        }
    }
}
