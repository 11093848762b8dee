package dev.berth.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.auth.token.SigningKeys;
import dev.berth.auth.token.TokenMinter;
import dev.berth.domain.Digest;
import dev.berth.domain.Scope;
import dev.berth.testing.AuthClient;
import dev.berth.testing.SecuredRegistry;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identities and content the access tests run against: a private namespace {@code team-a} (reader, writer,
 * maintainer, robot {@code ci} as writer), a public namespace {@code pub}, a registry admin, a user whose personal
 * access token has expired and one whose token was revoked, a user with no role anywhere ({@code outsider}), and an
 * image {@code v1} in {@code team-a/app} and {@code pub/base}.
 */
final class ServerAccessFixture implements AutoCloseable {
    static final String SERVICE = "berth";
    static final List<String> USERS = List.of("reader", "writer", "maintainer", "admin", "expiree", "revokee",
            "outsider");

    final SecuredRegistry registry;
    final String mode;
    final String robotSecret;
    final String expiredToken;
    final String revokedToken;
    final String writerToken;
    final Digest layer;
    final Digest manifest;
    final byte[] manifestBytes;

    private ServerAccessFixture(SecuredRegistry registry, String mode, Map<String, String> secrets, Digest layer,
                          Digest manifest, byte[] manifestBytes) {
        this.registry = registry;
        this.mode = mode;
        this.robotSecret = secrets.get("robot");
        this.expiredToken = secrets.get("expired");
        this.revokedToken = secrets.get("revoked");
        this.writerToken = secrets.get("writer-token");
        this.layer = layer;
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
    }

    static String password(String user) {
        return "pw-" + user + "-0123456789";
    }

    static ServerAccessFixture start(Path dataDir, String mode) {
        return start(dataDir, mode, Map.of(
                // The tests fail many logins on purpose; the throttle has its own test.
                "auth.throttle-user-failures", "100000", "auth.throttle-address-failures", "100000"));
    }

    static ServerAccessFixture start(Path dataDir, String mode, Map<String, String> settings) {
        Instant now = Instant.now();
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("auth.mode", mode);
        SecuredRegistry registry = SecuredRegistry.start(dataDir, all, (admin, operator) -> {
            admin.createNamespace(operator, "team-a", false);
            admin.createNamespace(operator, "pub", true);
            for (String user : USERS) {
                admin.addUser(operator, new NewUser(user, new Secret(password(user)), user.equals("admin")));
            }
            admin.grant(operator, "team-a", "reader", Role.READER);
            admin.grant(operator, "team-a", "writer", Role.WRITER);
            admin.grant(operator, "team-a", "maintainer", Role.MAINTAINER);
            admin.grant(operator, "team-a", "expiree", Role.MAINTAINER);
            admin.grant(operator, "team-a", "revokee", Role.MAINTAINER);
            secrets.put("robot", admin.createRobot(operator, new NewRobot("ci", List.of("team-a"), Role.WRITER,
                    Optional.empty(), "CI pushes")).secret().reveal());
            // The seeding clock runs two days behind: this token expired a day ago.
            secrets.put("expired", admin.createToken(operator, new NewToken("expiree", now.minus(Duration.ofDays(1)),
                    Optional.empty(), "expired")).secret().reveal());
            IssuedToken revoked = admin.createToken(operator, new NewToken("revokee", now.plus(Duration.ofDays(1)),
                    Optional.empty(), "revoked"));
            admin.revokeToken(operator, revoked.token().id());
            secrets.put("revoked", revoked.secret().reveal());
            secrets.put("writer-token", admin.createToken(operator, new NewToken("writer",
                    now.plus(Duration.ofDays(1)), Optional.empty(), "for the tests")).secret().reveal());
        }, Clock.fixed(now.minus(Duration.ofDays(2)), ZoneOffset.UTC));
        AuthClient admin = new AuthClient(registry.uri("/"), true);
        AuthClient.Password operator = new AuthClient.Password("admin", password("admin"));
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layerBytes = "layer bytes of the access tests".getBytes(StandardCharsets.UTF_8);
        Digest configDigest = push(admin, operator, "team-a/app", config);
        Digest layerDigest = push(admin, operator, "team-a/app", layerBytes);
        push(admin, operator, "pub/base", config);
        push(admin, operator, "pub/base", layerBytes);
        byte[] manifestBytes = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layerDigest + "\",\"size\":"
                + layerBytes.length + "}]}").getBytes(StandardCharsets.UTF_8);
        for (String repository : List.of("team-a/app", "pub/base")) {
            HttpResponse<byte[]> put = admin.send(operator, "PUT", "/v2/" + repository + "/manifests/v1",
                    manifestBytes, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
            assertThat(put.statusCode()).as(AuthClient.text(put)).isEqualTo(201);
        }
        return new ServerAccessFixture(registry, mode, secrets, layerDigest, Digest.sha256(manifestBytes), manifestBytes);
    }

    private static Digest push(AuthClient client, AuthClient.Identity who, String repository, byte[] content) {
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> r = client.send(who, "POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
                content, "Content-Type", "application/octet-stream");
        assertThat(r.statusCode()).as(AuthClient.text(r)).isEqualTo(201);
        return digest;
    }

    AuthClient client() {
        return new AuthClient(registry.uri("/"), mode.equals("basic"));
    }

    /** A token from the token service, fetched with Basic credentials. */
    String token(AuthClient.Identity who, String... scopes) {
        HttpResponse<byte[]> r = client().token(who, SERVICE, List.of(scopes));
        assertThat(r.statusCode()).as(AuthClient.text(r)).isEqualTo(200);
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(AuthClient.text(r));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Claims that would allow everything, for forged tokens. */
    static JWTClaimsSet everything(Instant now) {
        List<Map<String, Object>> access = List.of(
                Map.of("type", "repository", "name", "team-a/app", "actions", List.of("pull", "push", "delete", "*")),
                Map.of("type", "repository", "name", "pub/base", "actions", List.of("pull", "push", "delete", "*")),
                Map.of("type", "registry", "name", "catalog", "actions", List.of("*")),
                Map.of("type", "registry", "name", "admin", "actions", List.of("*")));
        return new JWTClaimsSet.Builder().issuer("berth").subject("admin").audience(SERVICE)
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).notBeforeTime(Date.from(now))
                .issueTime(Date.from(now)).jwtID("forged").claim("access", access)
                .claim("principal", Map.of("kind", "user", "admin", true)).build();
    }

    /** A token the server itself signed, but an hour ago: expired. */
    String expiredJwt() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        SigningKeys keys = new SigningKeys(registry.dataDir().resolve("token-keys"), Duration.ofDays(30),
                Duration.ofMinutes(6), past);
        return new TokenMinter(keys, "berth", SERVICE, Duration.ofMinutes(5), past)
                .mint(new Principal("admin", Principal.Kind.USER, true), List.of(
                        Scope.repository("team-a/app", "pull", "push", "delete"),
                        Scope.repository("pub/base", "pull", "push", "delete"), Scope.catalog(),
                        new Scope("registry", "admin", java.util.Set.of("*")))).token();
    }

    /** A valid token with its payload changed to claim everything. */
    String tamperedJwt() {
        String[] parts = token(new AuthClient.Password("reader", password("reader")),
                "repository:team-a/app:pull").split("\\.");
        return parts[0] + "." + base64(everything(Instant.now()).toString()) + "." + parts[2];
    }

    /** Everything claimed, signed by a key the server never saw, under the server's own key id. */
    String foreignJwt() throws Exception {
        String kid = SignedJWT.parse(token(new AuthClient.Anonymous())).getHeader().getKeyID();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(),
                everything(Instant.now()));
        jwt.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
        return jwt.serialize();
    }

    /** Everything claimed, unsigned. */
    static String algNoneJwt() {
        return base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(everything(Instant.now()).toString()) + ".";
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        registry.close();
    }
}
