package dev.berth.auth;

import com.nimbusds.jwt.SignedJWT;
import dev.berth.testing.AuthClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The token endpoint (GET and OAuth2 POST), its challenges, refresh tokens and the admin API around them. */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TokenServiceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @RegisterExtension
    static final ServerAccessExtension access = ServerAccessExtension.start("token");
    private final AuthClient client = access.client();
    private final AuthClient.Password reader = new AuthClient.Password("reader", ServerAccessFixture.password("reader"));
    private final AuthClient.Password writer = new AuthClient.Password("writer", ServerAccessFixture.password("writer"));
    private final AuthClient.Password admin = new AuthClient.Password("admin", ServerAccessFixture.password("admin"));

    @Test
    void probe_withoutCredentials_challengesWithRealmAndServiceButNoScope() {
        HttpResponse<byte[]> r = client.raw("GET", "/v2/", null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"http://127.0.0.1:" + access.fixture().registry.port() + "/token\",service=\"berth\"");
        assertThat(r.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
        assertThat(AuthClient.text(r)).contains("\"code\":\"UNAUTHORIZED\"");
    }

    @Test
    void privatePull_withoutCredentials_challengesForItsScope() {
        HttpResponse<byte[]> r = client.raw("GET", "/v2/team-a/app/manifests/v1", null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"http://127.0.0.1:"
                + access.fixture().registry.port() + "/token\",service=\"berth\",scope=\"repository:team-a/app:pull\"");
        assertThat(AuthClient.text(r)).contains(
                "\"detail\":[{\"Type\":\"repository\",\"Name\":\"team-a/app\",\"Action\":\"pull\"}]");
    }

    @Test
    void mount_challenge_asksForTheSourceToo() {
        HttpResponse<byte[]> r = client.raw("POST", "/v2/team-a/app/blobs/uploads/?mount=" + access.fixture().layer
                + "&from=pub/base", null);

        assertThat(AuthClient.challenge(r)).containsEntry("scope",
                "repository:team-a/app:pull,push repository:pub/base:pull");
    }

    @Test
    void tokenLackingScope_andBrokenToken_sayWhy() {
        String pullOnly = access.fixture().token(reader, "repository:team-a/app:pull");

        HttpResponse<byte[]> push = client.raw("POST", "/v2/team-a/app/blobs/uploads/", null,
                "Authorization", "Bearer " + pullOnly);
        HttpResponse<byte[]> broken = client.raw("GET", "/v2/team-a/app/tags/list", null,
                "Authorization", "Bearer " + pullOnly.substring(0, pullOnly.length() - 4) + "AAAA");

        assertThat(push.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"http://127.0.0.1:"
                + access.fixture().registry.port() + "/token\",service=\"berth\",scope=\"repository:team-a/app:pull,push\","
                + "error=\"insufficient_scope\"");
        assertThat(AuthClient.challenge(broken)).containsEntry("error", "invalid_token")
                .containsEntry("scope", "repository:team-a/app:pull");
    }

    @Test
    void get_withBasic_grantsTheIntersectionOfAskedAndAllowed() throws Exception {
        HttpResponse<byte[]> r = client.token(reader, "berth", List.of("repository:team-a/app:pull,push,delete",
                "repository:pub/base:pull", "repository:team-b/x:pull", "registry:catalog:*"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("token").asString()).isEqualTo(body.get("access_token").asString());
        assertThat(body.get("expires_in").asLong()).isEqualTo(300);
        assertThat(Instant.parse(body.get("issued_at").asString())).isBetween(Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(5));
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(access(body.get("token").asString())).containsExactly(
                Map.of("type", "repository", "name", "team-a/app", "actions", List.of("pull")),
                Map.of("type", "repository", "name", "pub/base", "actions", List.of("pull")),
                Map.of("type", "registry", "name", "catalog", "actions", List.of("*")));
        assertThat(SignedJWT.parse(body.get("token").asString()).getJWTClaimsSet().getSubject()).isEqualTo("reader");
    }

    @Test
    void get_anonymous_getsWhatIsPublic_andAnEmptyGrantIsNoError() throws Exception {
        HttpResponse<byte[]> r = client.token(new AuthClient.Anonymous(), "berth",
                List.of("repository:team-a/app:pull", "repository:pub/base:pull,push"));
        HttpResponse<byte[]> login = client.token(reader, "berth", List.of());

        assertThat(r.statusCode()).isEqualTo(200);
        String token = JSON.readTree(r.body()).get("token").asString();
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEmpty();
        assertThat(access(token)).containsExactly(
                Map.of("type", "repository", "name", "pub/base", "actions", List.of("pull")));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(access(JSON.readTree(login.body()).get("token").asString())).isEmpty();
    }

    @Test
    void badCredentials_areRefusedWith401_andNeverEchoed() {
        HttpResponse<byte[]> get = client.token(new AuthClient.Password("reader", "wrong-password-123"), "berth",
                List.of("repository:team-a/app:pull"));
        HttpResponse<byte[]> post = client.tokenForm(Map.of("grant_type", "password", "username", "reader",
                "password", "wrong-password-123", "client_id", "test"));
        HttpResponse<byte[]> garbled = client.raw("GET", "/token?service=berth", null, "Authorization",
                "Basic !!!");

        assertThat(get.statusCode()).isEqualTo(401);
        assertThat(get.headers().firstValue("WWW-Authenticate")).hasValue(
                "Basic realm=\"berth token service\",charset=\"UTF-8\"");
        assertThat(AuthClient.text(get)).contains("UNAUTHORIZED").doesNotContain("wrong-password-123");
        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(AuthClient.text(post)).doesNotContain("wrong-password-123");
        assertThat(garbled.statusCode()).isEqualTo(401);
    }

    @Test
    void post_passwordGrant_withOfflineAccess_returnsScopeAndRefreshToken_whichRefreshes() throws Exception {
        HttpResponse<byte[]> r = client.tokenForm(form("grant_type", "password", "username", "writer",
                "password", ServerAccessFixture.password("writer"), "client_id", "containerd-client",
                "access_type", "offline", "service", "berth",
                "scope", "repository:team-a/app:pull,push repository:team-a/app:delete"));

        assertThat(r.statusCode()).as(AuthClient.text(r)).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("scope").asString()).isEqualTo("repository:team-a/app:pull,push");
        String refresh = body.get("refresh_token").asString();
        assertThat(refresh).startsWith("brt.");

        HttpResponse<byte[]> refreshed = client.tokenForm(form("grant_type", "refresh_token", "refresh_token",
                refresh, "client_id", "containerd-client", "scope", "repository:team-a/app:pull"));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        JsonNode again = JSON.readTree(refreshed.body());
        assertThat(again.has("refresh_token")).isFalse();
        assertThat(SignedJWT.parse(again.get("access_token").asString()).getJWTClaimsSet().getSubject())
                .isEqualTo("writer");
    }

    @Test
    void dockerLogin_refreshToken_isAPersonalTokenTheAdminCanRevoke() throws Exception {
        HttpResponse<byte[]> login = client.token(reader, "berth", List.of(), "offline_token", "true",
                "client_id", "docker");
        String refresh = JSON.readTree(login.body()).get("refresh_token").asString();

        HttpResponse<byte[]> tokens = client.send(admin, "GET", "/api/v1/users/reader/tokens", null);
        JsonNode listed = JSON.readTree(tokens.body()).get("tokens");
        String id = null;
        for (JsonNode token : listed.values()) {
            if (token.get("description").asString().equals("refresh token for docker")) {
                id = token.get("id").asString();
            }
        }
        assertThat(id).isNotNull();
        assertThat(AuthClient.text(tokens)).doesNotContain(refresh.substring(refresh.lastIndexOf('.') + 1));

        assertThat(client.send(admin, "DELETE", "/api/v1/tokens/" + id, null).statusCode()).isEqualTo(204);

        HttpResponse<byte[]> refreshed = client.tokenForm(form("grant_type", "refresh_token", "refresh_token",
                refresh, "client_id", "docker"));
        assertThat(refreshed.statusCode()).isEqualTo(401);
    }

    @Test
    void robotsAndAnonymousCallers_getNoRefreshToken() throws Exception {
        HttpResponse<byte[]> robot = client.token(new AuthClient.Password("robot$ci", access.fixture().robotSecret), "berth",
                List.of("repository:team-a/app:pull,push"), "offline_token", "true", "client_id", "docker");
        HttpResponse<byte[]> anonymous = client.token(new AuthClient.Anonymous(), "berth", List.of(),
                "offline_token", "true", "client_id", "docker");

        assertThat(robot.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(robot.body()).has("refresh_token")).isFalse();
        assertThat(access(JSON.readTree(robot.body()).get("token").asString())).containsExactly(
                Map.of("type", "repository", "name", "team-a/app", "actions", List.of("pull", "push")));
        assertThat(JSON.readTree(anonymous.body()).has("refresh_token")).isFalse();
    }

    @Test
    void malformedRequests_areBadRequests() {
        assertThat(AccessMatrixTest.outcome(client.token(reader, "another-service", List.of())))
                .isEqualTo("400 BAD_REQUEST");
        assertThat(AccessMatrixTest.outcome(client.token(reader, "berth", List.of("repository:team-a/app"))))
                .isEqualTo("400 BAD_REQUEST");
        assertThat(AccessMatrixTest.outcome(client.tokenForm(Map.of("grant_type", "client_credentials"))))
                .isEqualTo("400 BAD_REQUEST");
        assertThat(AccessMatrixTest.outcome(client.tokenForm(Map.of("username", "reader"))))
                .isEqualTo("400 BAD_REQUEST");
        assertThat(AccessMatrixTest.outcome(client.raw("POST", "/token", "{}".getBytes(), "Content-Type",
                "application/json"))).isEqualTo("400 BAD_REQUEST");
        assertThat(AccessMatrixTest.outcome(client.raw("PUT", "/token", null))).isEqualTo("405 UNSUPPORTED");
    }

    @Test
    void privateRepositories_answerTheSameWhetherTheyExistOrNot() {
        AuthClient.Password outsider = new AuthClient.Password("outsider", ServerAccessFixture.password("outsider"));
        for (AuthClient.Identity who : List.of(new AuthClient.Anonymous(), outsider)) {
            for (String route : List.of("/manifests/v1", "/tags/list", "/blobs/" + access.fixture().layer)) {
                HttpResponse<byte[]> existing = client.send(who, "GET", "/v2/team-a/app" + route, null);
                HttpResponse<byte[]> missing = client.send(who, "GET", "/v2/team-a/ghost" + route, null);

                assertThat(missing.statusCode()).isEqualTo(existing.statusCode()).isEqualTo(401);
                assertThat(normalized(missing, "team-a/ghost")).isEqualTo(normalized(existing, "team-a/app"));
            }
        }
    }

    @Test
    void basicCredentials_areAcceptedOnV2InTokenMode_andRevocationAppliesAtOnce() throws Exception {
        HttpResponse<byte[]> created = client.send(admin, "POST", "/api/v1/users/writer/tokens",
                "{\"description\":\"ci\",\"expires_in\":3600}".getBytes(), "Content-Type", "application/json");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode token = JSON.readTree(created.body());
        String basic = AuthClient.basic("writer", token.get("secret").asString());

        assertThat(client.raw("GET", "/v2/team-a/app/tags/list", null, "Authorization", basic).statusCode())
                .isEqualTo(200);
        assertThat(client.send(admin, "DELETE", "/api/v1/tokens/" + token.get("id").asString(), null).statusCode())
                .isEqualTo(204);
        assertThat(client.raw("GET", "/v2/team-a/app/tags/list", null, "Authorization", basic).statusCode())
                .isEqualTo(401);
    }

    @Test
    void catalog_listsOnlyWhatTheCallerMayPull() throws Exception {
        HttpResponse<byte[]> anonymous = client.send(new AuthClient.Anonymous(), "GET", "/v2/_catalog", null);
        HttpResponse<byte[]> member = client.send(reader, "GET", "/v2/_catalog", null);
        HttpResponse<byte[]> outsider = client.send(new AuthClient.Password("outsider",
                ServerAccessFixture.password("outsider")), "GET", "/v2/_catalog", null);

        assertThat(AccessMatrixTest.outcome(anonymous)).isEqualTo("401 UNAUTHORIZED insufficient_scope");
        assertThat(AuthClient.text(outsider)).isEqualTo("{\"repositories\":[\"pub/base\"]}");
        assertThat(AuthClient.text(member)).isEqualTo("{\"repositories\":[\"pub/base\",\"team-a/app\"]}");
    }

    private static String normalized(HttpResponse<byte[]> r, String repository) {
        return (r.statusCode() + " " + r.headers().firstValue("WWW-Authenticate").orElse("") + " "
                + AuthClient.text(r) + " " + r.headers().firstValue("Content-Type")).replace(repository, "REPO");
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private static List<Object> access(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getListClaim("access");
    }
}
