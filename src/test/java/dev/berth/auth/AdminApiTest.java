package dev.berth.auth;

import dev.berth.testing.AuthClient;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API's JSON in basic mode: shapes, one-time secrets, validation, the audit trail, login throttling. */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AdminApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @RegisterExtension
    static final ServerAccessExtension access = ServerAccessExtension.start("basic", Map.of());
    private final AuthClient client = access.client();
    private final AuthClient.Password admin = new AuthClient.Password("admin", ServerAccessFixture.password("admin"));

    @Test
    void users_addAndList_showNoPassword() throws Exception {
        HttpResponse<byte[]> added = call("POST", "/api/v1/users", "{\"name\":\"carol\",\"password\":\"carols-pw-12345\"}");

        assertThat(added.statusCode()).isEqualTo(201);
        JsonNode user = JSON.readTree(added.body());
        assertThat(user.get("name").asString()).isEqualTo("carol");
        assertThat(user.get("admin").asBoolean()).isFalse();
        assertThat(user.get("disabled").asBoolean()).isFalse();
        assertThat(user.get("created_at").asString()).endsWith("Z");
        HttpResponse<byte[]> list = call("GET", "/api/v1/users", "");
        assertThat(AuthClient.text(list)).contains("\"name\":\"carol\"").doesNotContain("carols-pw-12345")
                .doesNotContain("$2");
        assertThat(list.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(client.send(new AuthClient.Password("carol", "carols-pw-12345"), "GET", "/v2/", null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void personalToken_secretShownOnce_andWorksAsPassword() throws Exception {
        HttpResponse<byte[]> created = call("POST", "/api/v1/users/reader/tokens",
                "{\"description\":\"laptop\",\"namespace\":\"team-a\",\"expires_at\":\"2099-01-01T00:00:00Z\"}");

        assertThat(created.statusCode()).as(AuthClient.text(created)).isEqualTo(201);
        JsonNode token = JSON.readTree(created.body());
        String secret = token.get("secret").asString();
        assertThat(token.get("namespace").asString()).isEqualTo("team-a");
        assertThat(token.get("expires_at").asString()).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(AuthClient.text(call("GET", "/api/v1/users/reader/tokens", ""))).contains(token.get("id").asString())
                .doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(client.send(new AuthClient.Password("reader", secret), "GET", "/v2/team-a/app/tags/list", null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void robot_createdWithSecret_pushesToItsNamespace() throws Exception {
        HttpResponse<byte[]> created = call("POST", "/api/v1/robots",
                "{\"name\":\"deployer\",\"namespaces\":[\"team-a\"],\"role\":\"reader\",\"expires_in\":3600}");

        assertThat(created.statusCode()).as(AuthClient.text(created)).isEqualTo(201);
        JsonNode robot = JSON.readTree(created.body());
        assertThat(robot.get("username").asString()).isEqualTo("robot$deployer");
        assertThat(robot.has("expires_at")).isTrue();
        AuthClient.Password deployer = new AuthClient.Password("robot$deployer", robot.get("secret").asString());
        assertThat(client.send(deployer, "GET", "/v2/team-a/app/tags/list", null).statusCode()).isEqualTo(200);
        assertThat(AccessMatrixTest.outcome(client.send(deployer, "POST", "/v2/team-a/app/blobs/uploads/", null)))
                .isEqualTo("403 DENIED");
        assertThat(call("DELETE", "/api/v1/robots/deployer", "").statusCode()).isEqualTo(204);
        assertThat(client.send(deployer, "GET", "/v2/team-a/app/tags/list", null).statusCode()).isEqualTo(401);
    }

    @Test
    void namespacesMembersAndRules_roundTrip_andAreAudited() throws Exception {
        assertThat(call("POST", "/api/v1/namespaces", "{\"name\":\"team-b/tools\",\"public\":false}").statusCode())
                .isEqualTo(201);
        assertThat(AuthClient.text(call("PUT", "/api/v1/namespaces/team-b/tools/-/members/writer",
                "{\"role\":\"maintainer\"}"))).isEqualTo(
                "{\"namespace\":\"team-b/tools\",\"member\":\"writer\",\"role\":\"maintainer\"}");
        assertThat(AuthClient.text(call("GET", "/api/v1/namespaces/team-b/tools/-/members", "")))
                .contains("\"member\":\"writer\"");
        assertThat(call("PUT", "/api/v1/namespaces/team-b/tools/-/public", "{\"public\":true}").statusCode())
                .isEqualTo(204);
        HttpResponse<byte[]> rule = call("POST", "/api/v1/rules",
                "{\"pattern\":\"team-b/tools/frozen/*\",\"role\":\"reader\",\"subject\":\"writer\"}");
        assertThat(rule.statusCode()).isEqualTo(201);
        long id = JSON.readTree(rule.body()).get("id").asLong();
        assertThat(AuthClient.text(call("GET", "/api/v1/rules", ""))).contains("team-b/tools/frozen/*");
        assertThat(call("DELETE", "/api/v1/rules/" + id, "").statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/namespaces/team-b/tools/-/members/writer", "").statusCode())
                .isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/namespaces/team-b/tools", "").statusCode()).isEqualTo(204);

        JsonNode events = JSON.readTree(call("GET", "/api/v1/audit?limit=20&actor=admin", "").body()).get("events");
        assertThat(events.values().stream().map(e -> e.get("action").asString()).toList())
                .contains("namespace.create", "rule.add", "rule.remove", "namespace.remove");
        assertThat(events.values().stream().allMatch(e -> e.get("actor").asString().equals("admin"))).isTrue();
    }

    @Test
    void invalidBodies_areBadRequests_namingTheField() {
        assertThat(AccessMatrixTest.outcome(call("POST", "/api/v1/users", "{not json"))).isEqualTo("400 BAD_REQUEST");
        assertThat(AccessMatrixTest.outcome(call("POST", "/api/v1/users", "[]"))).isEqualTo("400 BAD_REQUEST");
        assertThat(AuthClient.text(call("POST", "/api/v1/users", "{\"name\":\"dave\"}")))
                .contains("field 'password' is required");
        assertThat(AuthClient.text(call("PUT", "/api/v1/users/reader/admin", "{\"admin\":\"yes\"}")))
                .contains("field 'admin' must be true or false");
        assertThat(AuthClient.text(call("PUT", "/api/v1/namespaces/team-a/-/members/reader", "{\"role\":\"owner\"}")))
                .contains("unknown role");
        assertThat(AccessMatrixTest.outcome(call("DELETE", "/api/v1/rules/seven", ""))).isEqualTo("400 BAD_REQUEST");
        assertThat(AccessMatrixTest.outcome(call("GET", "/api/v1/audit?limit=0", ""))).isEqualTo("400 BAD_REQUEST");
        assertThat(AccessMatrixTest.outcome(call("POST", "/api/v1/users", "{\"name\":\"x\",\"password\":\""
                + "p".repeat(70_000) + "\"}"))).isEqualTo("413 SIZE_INVALID");
        assertThat(AccessMatrixTest.outcome(call("PATCH", "/api/v1/users", "{}"))).isEqualTo("405 UNSUPPORTED");
        assertThat(AccessMatrixTest.outcome(call("GET", "/api/v1/nothing", ""))).isEqualTo("404 NOT_FOUND");
    }

    @Test
    void repeatedFailedLogins_areThrottledWith429AndRetryAfter() {
        AuthClient.Password guessing = new AuthClient.Password("outsider", "not-the-password");
        for (int attempt = 0; attempt < 10; attempt++) {
            assertThat(client.send(guessing, "GET", "/v2/", null).statusCode()).isEqualTo(401);
        }

        HttpResponse<byte[]> throttled = client.send(guessing, "GET", "/v2/", null);
        HttpResponse<byte[]> evenWithThePassword = client.send(new AuthClient.Password("outsider",
                ServerAccessFixture.password("outsider")), "GET", "/v2/", null);

        assertThat(AccessMatrixTest.outcome(throttled)).isEqualTo("429 TOOMANYREQUESTS");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(evenWithThePassword.statusCode()).isEqualTo(429);
    }

    @Test
    void adminApi_withoutAuthentication_doesNotExist(@TempDir Path dir) {
        try (TestRegistry open = TestRegistry.start(dir)) {
            HttpResponse<byte[]> r = new AuthClient(open.uri("/"), false).raw("GET", "/api/v1/users", null);
            HttpResponse<byte[]> token = new AuthClient(open.uri("/"), false).raw("GET", "/token", null);
            assertThat(AccessMatrixTest.outcome(r)).isEqualTo("404 NOT_FOUND");
            assertThat(AccessMatrixTest.outcome(token)).isEqualTo("404 NOT_FOUND");
        }
    }

    private HttpResponse<byte[]> call(String method, String path, String body) {
        return client.send(admin, method, path, body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
    }
}
