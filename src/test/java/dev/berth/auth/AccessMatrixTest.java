package dev.berth.auth;

import dev.berth.testing.AuthClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every /v2/ and admin API route × every kind of caller → the exact status and error code, in basic and in token
 * mode, against a whole server. Callers behave like registry clients: in token mode a user answers the Bearer
 * challenge by fetching a token with Basic credentials and retrying (so a refused request ends with the second
 * answer), a forged or stale token is sent as it is.
 *
 * <p>Cells: {@code ok} = the route's own answer when admitted (the "admitted" column), {@code U} = 401
 * UNAUTHORIZED with a challenge without error, {@code Ui} / {@code Us} = 401 with {@code error="invalid_token"} /
 * {@code error="insufficient_scope"}, {@code D} = 403 DENIED, {@code N} = 404 NOT_FOUND.
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AccessMatrixTest {

    /** The requests, by the name the tables use. {id} is the caller's column name, {layer} and {manifest} digests. */
    private static final Map<String, String[]> REQUESTS = new LinkedHashMap<>();

    static {
        request("base", "GET", "/v2/", "");
        request("catalog", "GET", "/v2/_catalog", "");
        request("tags", "GET", "/v2/team-a/app/tags/list", "");
        request("manifest-get", "GET", "/v2/team-a/app/manifests/v1", "");
        request("manifest-head", "HEAD", "/v2/team-a/app/manifests/v1", "");
        request("manifest-put", "PUT", "/v2/team-a/app/manifests/v1", "{manifest-body}");
        request("manifest-delete", "DELETE", "/v2/team-a/app/manifests/not-there", "");
        request("blob-get", "GET", "/v2/team-a/app/blobs/{layer}", "");
        request("blob-head", "HEAD", "/v2/team-a/app/blobs/{layer}", "");
        request("blob-delete", "DELETE", "/v2/team-a/app/blobs/sha256:" + "0".repeat(64), "");
        request("upload-start", "POST", "/v2/team-a/app/blobs/uploads/", "");
        request("upload-mount", "POST", "/v2/team-a/app/blobs/uploads/?mount={layer}&from=pub/base", "");
        request("upload-status", "GET", "/v2/team-a/app/blobs/uploads/no-such-upload", "");
        request("upload-patch", "PATCH", "/v2/team-a/app/blobs/uploads/no-such-upload", "bytes");
        request("upload-put", "PUT", "/v2/team-a/app/blobs/uploads/no-such-upload?digest={layer}", "");
        request("upload-cancel", "DELETE", "/v2/team-a/app/blobs/uploads/no-such-upload", "");
        request("referrers", "GET", "/v2/team-a/app/referrers/{manifest}", "");
        request("public-pull", "GET", "/v2/pub/base/manifests/v1", "");
        request("public-push", "PUT", "/v2/pub/base/manifests/v1", "{manifest-body}");
        request("users", "GET", "/api/v1/users", "");
        request("user-add", "POST", "/api/v1/users", "{\"name\":\"made-by-{id}\",\"password\":\"secret-{id}\"}");
        request("user-remove", "DELETE", "/api/v1/users/ghost", "");
        request("user-password", "PUT", "/api/v1/users/ghost/password", "{\"password\":\"another-secret\"}");
        request("user-admin", "PUT", "/api/v1/users/ghost/admin", "{\"admin\":false}");
        request("user-disabled", "PUT", "/api/v1/users/ghost/disabled", "{\"disabled\":true}");
        request("user-tokens", "GET", "/api/v1/users/writer/tokens", "");
        request("user-token-add", "POST", "/api/v1/users/writer/tokens", "{\"description\":\"by {id}\"}");
        request("tokens", "GET", "/api/v1/tokens", "");
        request("token-revoke", "DELETE", "/api/v1/tokens/no-such-token", "");
        request("robots", "GET", "/api/v1/robots", "");
        request("robot-add", "POST", "/api/v1/robots",
                "{\"name\":\"r-{id}\",\"namespaces\":[\"team-a\"],\"role\":\"reader\"}");
        request("robot-revoke", "DELETE", "/api/v1/robots/ghost", "");
        request("namespaces", "GET", "/api/v1/namespaces", "");
        request("namespace-add", "POST", "/api/v1/namespaces", "{\"name\":\"ns-{id}\"}");
        request("namespace-remove", "DELETE", "/api/v1/namespaces/ghost", "");
        request("namespace-public", "PUT", "/api/v1/namespaces/team-a/-/public", "{\"public\":false}");
        request("members", "GET", "/api/v1/namespaces/team-a/-/members", "");
        request("member-grant", "PUT", "/api/v1/namespaces/team-a/-/members/reader", "{\"role\":\"reader\"}");
        request("member-revoke", "DELETE", "/api/v1/namespaces/team-a/-/members/ghost", "");
        request("rules", "GET", "/api/v1/rules", "");
        request("rule-add", "POST", "/api/v1/rules", "{\"pattern\":\"team-a/frozen-{id}/*\",\"role\":\"reader\"}");
        request("rule-remove", "DELETE", "/api/v1/rules/999999", "");
        request("audit", "GET", "/api/v1/audit", "");
    }

    private static final String TOKEN_MATRIX = """
            request          | admitted                | anon reader writer maint admin robot expPAT revPAT expJWT other tamper foreign none
            base             | 200                     | ok   ok     ok     ok    ok    ok    U      U      Ui     ok    Ui     Ui      Ui
            catalog          | 200                     | Us   ok     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            tags             | 200                     | Us   ok     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            manifest-get     | 200                     | Us   ok     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            manifest-head    | 200                     | Us   ok     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            manifest-put     | 201                     | Us   Us     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            manifest-delete  | 404 MANIFEST_UNKNOWN    | Us   Us     Us     ok    ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            blob-get         | 200                     | Us   ok     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            blob-head        | 200                     | Us   ok     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            blob-delete      | 404 BLOB_UNKNOWN        | Us   Us     Us     ok    ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            upload-start     | 202                     | Us   Us     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            upload-mount     | 201                     | Us   Us     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            upload-status    | 404 BLOB_UPLOAD_UNKNOWN | Us   Us     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            upload-patch     | 404 BLOB_UPLOAD_UNKNOWN | Us   Us     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            upload-put       | 404 BLOB_UPLOAD_UNKNOWN | Us   Us     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            upload-cancel    | 404 BLOB_UPLOAD_UNKNOWN | Us   Us     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            referrers        | 200                     | Us   ok     ok     ok    ok    ok    U      U      Ui     Us    Ui     Ui      Ui
            public-pull      | 200                     | ok   ok     ok     ok    ok    ok    ok     ok     Ui     Us    Ui     Ui      Ui
            public-push      | 201                     | Us   Us     Us     Us    ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            users            | 200                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            user-add         | 201                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            user-remove      | 404 NOT_FOUND           | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            user-password    | 404 NOT_FOUND           | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            user-admin       | 404 NOT_FOUND           | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            user-disabled    | 404 NOT_FOUND           | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            user-tokens      | 200                     | Us   D      ok     D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            user-token-add   | 201                     | Us   D      ok     D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            tokens           | 200                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            token-revoke     | 404 NOT_FOUND           | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            robots           | 200                     | Us   ok     ok     ok    ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            robot-add        | 201                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            robot-revoke     | 404 NOT_FOUND           | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            namespaces       | 200                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            namespace-add    | 201                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            namespace-remove | 404 NOT_FOUND           | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            namespace-public | 204                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            members          | 200                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            member-grant     | 200                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            member-revoke    | 404 NOT_FOUND           | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            rules            | 200                     | Us   ok     ok     ok    ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            rule-add         | 201                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            rule-remove      | 404 NOT_FOUND           | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            audit            | 200                     | Us   D      D      D     ok    Us    U      U      Ui     Us    Ui     Ui      Ui
            """;

    private static final String BASIC_MATRIX = """
            request          | admitted                | anon reader writer maint admin robot expPAT revPAT pat bearer
            base             | 200                     | U    ok     ok     ok    ok    ok    U      U      ok  U
            catalog          | 200                     | U    ok     ok     ok    ok    ok    U      U      ok  U
            tags             | 200                     | U    ok     ok     ok    ok    ok    U      U      ok  U
            manifest-get     | 200                     | U    ok     ok     ok    ok    ok    U      U      ok  U
            manifest-head    | 200                     | U    ok     ok     ok    ok    ok    U      U      ok  U
            manifest-put     | 201                     | U    D      ok     ok    ok    ok    U      U      ok  U
            manifest-delete  | 404 MANIFEST_UNKNOWN    | U    D      D      ok    ok    D     U      U      D   U
            blob-get         | 200                     | U    ok     ok     ok    ok    ok    U      U      ok  U
            blob-head        | 200                     | U    ok     ok     ok    ok    ok    U      U      ok  U
            blob-delete      | 404 BLOB_UNKNOWN        | U    D      D      ok    ok    D     U      U      D   U
            upload-start     | 202                     | U    D      ok     ok    ok    ok    U      U      ok  U
            upload-mount     | 201                     | U    D      ok     ok    ok    ok    U      U      ok  U
            upload-status    | 404 BLOB_UPLOAD_UNKNOWN | U    D      ok     ok    ok    ok    U      U      ok  U
            upload-patch     | 404 BLOB_UPLOAD_UNKNOWN | U    D      ok     ok    ok    ok    U      U      ok  U
            upload-put       | 404 BLOB_UPLOAD_UNKNOWN | U    D      ok     ok    ok    ok    U      U      ok  U
            upload-cancel    | 404 BLOB_UPLOAD_UNKNOWN | U    D      ok     ok    ok    ok    U      U      ok  U
            referrers        | 200                     | U    ok     ok     ok    ok    ok    U      U      ok  U
            public-pull      | 200                     | ok   ok     ok     ok    ok    ok    U      U      ok  U
            public-push      | 201                     | U    D      D      D     ok    D     U      U      D   U
            users            | 200                     | U    D      D      D     ok    D     U      U      D   U
            user-add         | 201                     | U    D      D      D     ok    D     U      U      D   U
            user-remove      | 404 NOT_FOUND           | U    D      D      D     ok    D     U      U      D   U
            user-password    | 404 NOT_FOUND           | U    D      D      D     ok    D     U      U      D   U
            user-admin       | 404 NOT_FOUND           | U    D      D      D     ok    D     U      U      D   U
            user-disabled    | 404 NOT_FOUND           | U    D      D      D     ok    D     U      U      D   U
            user-tokens      | 200                     | U    D      ok     D     ok    D     U      U      ok  U
            user-token-add   | 201                     | U    D      ok     D     ok    D     U      U      ok  U
            tokens           | 200                     | U    D      D      D     ok    D     U      U      D   U
            token-revoke     | 404 NOT_FOUND           | U    D      D      D     ok    D     U      U      D   U
            robots           | 200                     | U    ok     ok     ok    ok    D     U      U      ok  U
            robot-add        | 201                     | U    D      D      D     ok    D     U      U      D   U
            robot-revoke     | 404 NOT_FOUND           | U    D      D      D     ok    D     U      U      D   U
            namespaces       | 200                     | U    D      D      D     ok    D     U      U      D   U
            namespace-add    | 201                     | U    D      D      D     ok    D     U      U      D   U
            namespace-remove | 404 NOT_FOUND           | U    D      D      D     ok    D     U      U      D   U
            namespace-public | 204                     | U    D      D      D     ok    D     U      U      D   U
            members          | 200                     | U    D      D      D     ok    D     U      U      D   U
            member-grant     | 200                     | U    D      D      D     ok    D     U      U      D   U
            member-revoke    | 404 NOT_FOUND           | U    D      D      D     ok    D     U      U      D   U
            rules            | 200                     | U    ok     ok     ok    ok    D     U      U      ok  U
            rule-add         | 201                     | U    D      D      D     ok    D     U      U      D   U
            rule-remove      | 404 NOT_FOUND           | U    D      D      D     ok    D     U      U      D   U
            audit            | 200                     | U    D      D      D     ok    D     U      U      D   U
            """;

    @Nested
    class TokenMode {
        @RegisterExtension
        static final ServerAccessExtension access = ServerAccessExtension.start("token");

        @Test
        void everyRoute_everyCaller_getsTheExpectedAnswer() throws Exception {
            ServerAccessFixture fixture = access.fixture();
            Map<String, AuthClient.Identity> callers = new LinkedHashMap<>(users(fixture));
            callers.put("expJWT", new AuthClient.FixedBearer(fixture.expiredJwt()));
            callers.put("other", new AuthClient.FixedBearer(fixture.token(callers.get("maint"),
                    "repository:team-a/other:pull,push,delete", "repository:pub/other:pull")));
            callers.put("tamper", new AuthClient.FixedBearer(fixture.tamperedJwt()));
            callers.put("foreign", new AuthClient.FixedBearer(fixture.foreignJwt()));
            callers.put("none", new AuthClient.FixedBearer(ServerAccessFixture.algNoneJwt()));
            verify(fixture, TOKEN_MATRIX, callers);
        }
    }

    @Nested
    class BasicMode {
        @RegisterExtension
        static final ServerAccessExtension access = ServerAccessExtension.start("basic");

        @Test
        void everyRoute_everyCaller_getsTheExpectedAnswer() {
            ServerAccessFixture fixture = access.fixture();
            Map<String, AuthClient.Identity> callers = new LinkedHashMap<>(users(fixture));
            callers.put("pat", new AuthClient.Password("writer", fixture.writerToken));
            callers.put("bearer", new AuthClient.FixedBearer(ServerAccessFixture.algNoneJwt()));
            verify(fixture, BASIC_MATRIX, callers);
        }
    }

    private static Map<String, AuthClient.Identity> users(ServerAccessFixture fixture) {
        Map<String, AuthClient.Identity> callers = new LinkedHashMap<>();
        callers.put("anon", new AuthClient.Anonymous());
        callers.put("reader", password("reader"));
        callers.put("writer", password("writer"));
        callers.put("maint", password("maintainer"));
        callers.put("admin", password("admin"));
        callers.put("robot", new AuthClient.Password("robot$ci", fixture.robotSecret));
        callers.put("expPAT", new AuthClient.Password("expiree", fixture.expiredToken));
        callers.put("revPAT", new AuthClient.Password("revokee", fixture.revokedToken));
        return callers;
    }

    private static AuthClient.Password password(String user) {
        return new AuthClient.Password(user, ServerAccessFixture.password(user));
    }

    private static void request(String name, String method, String path, String body) {
        REQUESTS.put(name, new String[]{method, path, body});
    }

    /** Runs the whole table and reports every cell that differs, with the grid of actual answers. */
    private static void verify(ServerAccessFixture fixture, String table, Map<String, AuthClient.Identity> callers) {
        List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
        List<String> columns = List.of(lines.getFirst().split("\\|")[2].trim().split("\\s+"));
        assertThat(columns).containsExactlyElementsOf(callers.keySet());
        assertThat(lines.stream().skip(1).map(l -> l.split("\\|")[0].trim()).toList())
                .containsExactlyInAnyOrderElementsOf(REQUESTS.keySet());
        AuthClient client = fixture.client();
        List<String> mismatches = new ArrayList<>();
        StringBuilder actualGrid = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split("\\|");
            String name = parts[0].trim();
            String admitted = parts[1].trim();
            String[] cells = parts[2].trim().split("\\s+");
            actualGrid.append(String.format("%-17s|", name));
            for (int i = 0; i < columns.size(); i++) {
                String caller = columns.get(i);
                String actual = answer(fixture, client, callers.get(caller), caller, REQUESTS.get(name));
                String expected = REQUESTS.get(name)[0].equals("HEAD") ? withoutCode(expand(cells[i], admitted))
                        : expand(cells[i], admitted);
                actualGrid.append(' ').append(actual.equals(expected) ? cells[i] : "[" + actual + "]");
                if (!actual.equals(expected)) {
                    mismatches.add(name + " as " + caller + ": expected " + expected + ", got " + actual);
                }
            }
            actualGrid.append('\n');
        }
        assertThat(mismatches).as("actual answers:\n" + actualGrid).isEmpty();
    }

    private static String answer(ServerAccessFixture fixture, AuthClient client, AuthClient.Identity identity,
                                 String caller, String[] request) {
        String path = request[1].replace("{layer}", fixture.layer.toString())
                .replace("{manifest}", fixture.manifest.toString());
        byte[] body = request[2].isEmpty() ? null : request[2].equals("{manifest-body}") ? fixture.manifestBytes
                : request[2].replace("{id}", caller.toLowerCase()).getBytes(StandardCharsets.UTF_8);
        String contentType = path.contains("/manifests/") ? "application/vnd.oci.image.manifest.v1+json"
                : path.startsWith("/api/") ? "application/json" : "application/octet-stream";
        HttpResponse<byte[]> r = client.send(identity, request[0], path, body, "Content-Type", contentType);
        return request[0].equals("HEAD") ? withoutCode(outcome(r)) : outcome(r);
    }

    private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");

    /** {@code 200}, {@code 404 MANIFEST_UNKNOWN}, {@code 401 UNAUTHORIZED invalid_token} … */
    static String outcome(HttpResponse<byte[]> r) {
        if (r.statusCode() < 400) {
            return String.valueOf(r.statusCode());
        }
        Matcher m = CODE.matcher(new String(r.body(), StandardCharsets.UTF_8));
        String code = m.find() ? m.group(1) : "?";
        if (r.statusCode() == 401) {
            String error = AuthClient.challenge(r).get("error");
            return "401 " + code + (error == null ? "" : " " + error);
        }
        return r.statusCode() + " " + code;
    }

    private static String expand(String cell, String admitted) {
        return switch (cell) {
            case "ok" -> admitted;
            case "U" -> "401 UNAUTHORIZED";
            case "Ui" -> "401 UNAUTHORIZED invalid_token";
            case "Us" -> "401 UNAUTHORIZED insufficient_scope";
            case "D" -> "403 DENIED";
            case "N" -> "404 NOT_FOUND";
            default -> throw new IllegalArgumentException("unknown cell " + cell);
        };
    }

    /** A HEAD answer has no body, so no error code: only the status and the challenge's error are compared. */
    private static String withoutCode(String outcome) {
        String[] words = outcome.split(" ");
        if (words.length < 2) {
            return outcome;
        }
        return words[0] + (words.length > 2 ? " " + words[2] : "");
    }
}
