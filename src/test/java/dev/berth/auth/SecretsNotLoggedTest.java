package dev.berth.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.testing.AuthClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords, personal access tokens, robot secrets, refresh tokens and JWTs never reach the log (at the most
 * verbose level) nor an error body, whatever the caller sends.
 */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecretsNotLoggedTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private Level previous;

    @BeforeEach
    void capture() {
        captured.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
        previous = logging.getLogger("dev.berth").getLevel();
        logging.getLogger("dev.berth").setLevel(Level.TRACE);
    }

    @AfterEach
    void release() {
        logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        logging.getLogger("dev.berth").setLevel(previous);
    }

    @Test
    void tokenModeSession_withFailuresOfEveryKind_logsNoSecret(@TempDir Path dir) throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> errorBodies = new ArrayList<>();
        try (ServerAccessFixture fixture = ServerAccessFixture.start(dir, "token")) {
            AuthClient client = fixture.client();
            secrets.addAll(List.of(ServerAccessFixture.password("writer"), ServerAccessFixture.password("admin"),
                    fixture.robotSecret, fixture.expiredToken, fixture.revokedToken, fixture.writerToken,
                    "wrong-password-not-to-be-logged"));
            AuthClient.Password writer = new AuthClient.Password("writer", ServerAccessFixture.password("writer"));
            AuthClient.Password admin = new AuthClient.Password("admin", ServerAccessFixture.password("admin"));

            String jwt = fixture.token(writer, "repository:team-a/app:pull,push");
            secrets.add(jwt);
            secrets.add(jwt.substring(jwt.lastIndexOf('.') + 1));
            HttpResponse<byte[]> offline = client.tokenForm(Map.of("grant_type", "password", "username", "writer",
                    "password", ServerAccessFixture.password("writer"), "client_id", "t", "access_type", "offline"));
            String refresh = JSON.readTree(offline.body()).get("refresh_token").asString();
            secrets.add(refresh);
            HttpResponse<byte[]> created = client.send(admin, "POST", "/api/v1/users",
                    "{\"name\":\"erin\",\"password\":\"erins-password-1234\"}".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json");
            secrets.add("erins-password-1234");
            HttpResponse<byte[]> pat = client.send(admin, "POST", "/api/v1/users/erin/tokens", "{}".getBytes(),
                    "Content-Type", "application/json");
            secrets.add(JSON.readTree(pat.body()).get("secret").asString());
            assertThat(created.statusCode()).isEqualTo(201);

            List<HttpResponse<byte[]>> failures = List.of(
                    client.token(new AuthClient.Password("writer", "wrong-password-not-to-be-logged"), "berth",
                            List.of("repository:team-a/app:pull")),
                    client.tokenForm(Map.of("grant_type", "password", "username", "writer", "password",
                            "wrong-password-not-to-be-logged", "client_id", "t")),
                    client.tokenForm(Map.of("grant_type", "refresh_token", "refresh_token", refresh + "x")),
                    client.raw("GET", "/v2/team-a/app/tags/list", null, "Authorization", "Bearer " + jwt + "x"),
                    client.raw("GET", "/v2/team-a/app/tags/list", null, "Authorization", "Bearer "
                            + fixture.tamperedJwt()),
                    client.raw("DELETE", "/v2/team-a/app/manifests/v1", null, "Authorization", "Bearer " + jwt),
                    client.raw("GET", "/v2/", null, "Authorization",
                            AuthClient.basic("robot$ci", "wrong-password-not-to-be-logged")),
                    client.raw("GET", "/v2/", null, "Authorization", AuthClient.basic("expiree", fixture.expiredToken)),
                    client.raw("GET", "/v2/", null, "Authorization", AuthClient.basic("revokee", fixture.revokedToken)),
                    client.send(admin, "POST", "/api/v1/users", ("{\"name\":\"bad name!\",\"password\":"
                            + "\"wrong-password-not-to-be-logged\"}").getBytes(), "Content-Type", "application/json"),
                    client.send(admin, "PUT", "/api/v1/users/ghost/password",
                            "{\"password\":\"wrong-password-not-to-be-logged\"}".getBytes(), "Content-Type",
                            "application/json"));
            for (HttpResponse<byte[]> failure : failures) {
                assertThat(failure.statusCode()).isGreaterThanOrEqualTo(400);
                errorBodies.add(failure.statusCode() + " " + AuthClient.text(failure) + " "
                        + failure.headers().map());
            }
        }

        String log = logText();
        assertThat(captured.list).isNotEmpty();
        for (String secret : secrets) {
            assertThat(log).as("the log").doesNotContain(secret);
            assertThat(String.join("\n", errorBodies)).as("the error answers").doesNotContain(secret);
        }
    }

    private String logText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : captured.list) {
            text.append(event.getFormattedMessage()).append('\n');
            event.getMDCPropertyMap().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return text.toString();
    }
}
