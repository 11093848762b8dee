package dev.berth.auth.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.auth.Principal;
import dev.berth.domain.Scope;
import dev.berth.http.tls.Pem;
import dev.berth.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TokenVerifierTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration LEEWAY = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private SigningKeys keys;
    private TokenMinter minter;
    private TokenVerifier verifier;
    private final Principal alice = new Principal("alice", Principal.Kind.USER, true, Optional.of("team-a"));
    private final List<Scope> pull = List.of(Scope.repository("team-a/app", "pull"));

    @BeforeEach
    void keys() {
        keys = new SigningKeys(dir.resolve("keys"), Duration.ofDays(30), TTL.plus(LEEWAY), clock);
        minter = new TokenMinter(keys, "berth", "registry.test", TTL, clock);
        verifier = new TokenVerifier(keys, "berth", Optional.empty(), "registry.test", LEEWAY, clock);
    }

    @Test
    void ownToken_verifies_withItsHolderAndAccess() throws Exception {
        String token = minter.mint(alice, pull).token();

        VerifiedToken verified = valid(verifier.verify(token));

        assertThat(verified.principal()).isEqualTo(alice);
        assertThat(verified.local()).isTrue();
        assertThat(verified.allows(Scope.repository("team-a/app", "pull"))).isTrue();
        assertThat(verified.allows(Scope.repository("team-a/app", "pull", "push"))).isFalse();
        assertThat(verified.allows(Scope.repository("team-a/other", "pull"))).isFalse();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.current().kid());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("berth");
        assertThat(claims.getAudience()).containsExactly("registry.test");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(TTL));
        assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getClaim("access")).isEqualTo(List.of(Map.of("type", "repository", "name", "team-a/app",
                "actions", List.of("pull"))));
    }

    @Test
    void anonymousToken_hasEmptySubject() {
        assertThat(valid(verifier.verify(minter.mint(Principal.ANONYMOUS, List.of()).token())).principal())
                .isEqualTo(Principal.ANONYMOUS);
    }

    @Test
    void tamperedPayload_isRefusedAsSuspicious() {
        String[] parts = minter.mint(alice, pull).token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"pull\"", "\"push\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(verifier.verify(tampered)).isEqualTo(new Verification.Invalid(
                "signature not made by a trusted key", true));
    }

    @Test
    void signedByAnotherKey_withOurKidOrItsOwn_isRefused() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).generate();

        assertThat(verifier.verify(sign(stranger, keys.current().kid(), claims("berth", "registry.test"))))
                .isInstanceOf(Verification.Invalid.class);
        assertThat(verifier.verify(sign(stranger, stranger.computeThumbprint().toString(),
                claims("berth", "registry.test")))).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void algNone_andHmacWithThePublicKey_areRefused() throws Exception {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String unsigned = header + "." + base64(claims("berth", "registry.test").toString()) + ".";
        assertThat(verifier.verify(unsigned)).isEqualTo(new Verification.Invalid("not a signed JWT (alg none)", true));

        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.current().kid()).build(),
                claims("berth", "registry.test"));
        hmac.sign(new MACSigner(padTo32(keys.current().publicKey().getEncoded())));
        assertThat(verifier.verify(hmac.serialize())).isInstanceOf(Verification.Invalid.class);
        assertThat(verifier.verify("not-a-jwt")).isEqualTo(new Verification.Invalid("not a JWT", true));
    }

    @Test
    void expiry_isCheckedWithTheLeeway() {
        String token = minter.mint(alice, pull).token();

        clock.advance(TTL.plus(LEEWAY));
        assertThat(verifier.verify(token)).isInstanceOf(Verification.Valid.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(verifier.verify(token)).isEqualTo(new Verification.Invalid("expired", false));
    }

    @Test
    void notYetValid_andFutureIssue_beyondTheLeeway_areRefused() {
        String token = minter.mint(alice, pull).token();

        clock.advance(LEEWAY.negated());
        assertThat(verifier.verify(token)).isInstanceOf(Verification.Valid.class);
        clock.advance(Duration.ofSeconds(-1));
        assertThat(verifier.verify(token)).isEqualTo(new Verification.Invalid("not valid yet", false));
    }

    @Test
    void otherAudienceOrIssuer_isRefused() throws Exception {
        TokenMinter otherService = new TokenMinter(keys, "berth", "other.registry", TTL, clock);
        TokenMinter otherIssuer = new TokenMinter(keys, "someone", "registry.test", TTL, clock);

        assertThat(verifier.verify(otherService.mint(alice, pull).token()))
                .isEqualTo(new Verification.Invalid("not issued for service registry.test", false));
        assertThat(verifier.verify(otherIssuer.mint(alice, pull).token()))
                .isEqualTo(new Verification.Invalid("unknown issuer", true));
    }

    @Test
    void rotation_oldTokensVerifyUntilTheyExpire_thenTheOldKeyIsDeleted() throws Exception {
        String oldToken = minter.mint(alice, pull).token();
        String oldKid = keys.current().kid();

        clock.advance(Duration.ofDays(30));
        String newToken = minter.mint(alice, pull).token();

        assertThat(keys.current().kid()).isNotEqualTo(oldKid);
        assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(keys.current().kid());
        assertThat(keys.all()).hasSize(2);
        try (var files = Files.list(dir.resolve("keys"))) {
            assertThat(files.count()).isEqualTo(2);
        }

        clock.advance(TTL.plus(LEEWAY).plusSeconds(1));
        minter.mint(alice, pull);

        assertThat(keys.all()).hasSize(1);
        assertThat(keys.byKid(oldKid)).isEmpty();
        try (var files = Files.list(dir.resolve("keys"))) {
            assertThat(files.count()).isEqualTo(1);
        }
        assertThat(verifier.verify(oldToken)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void keyMadeByAnotherNode_isFoundByItsKid() {
        SigningKeys otherNode = new SigningKeys(dir.resolve("keys"), Duration.ofDays(30), TTL, clock);
        clock.advance(Duration.ofDays(31));
        String token = new TokenMinter(otherNode, "berth", "registry.test", TTL, clock).mint(alice, pull).token();

        assertThat(verifier.verify(token)).isInstanceOf(Verification.Valid.class);
    }

    @Test
    void trustedIssuer_jwksAndPemKeys_verify_butNeverMakeAnAdmin() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_384).generate();
        Path jwks = Files.writeString(dir.resolve("idp.jwks"), new JWKSet(rsa.toPublicJWK()).toString());
        Path pem = Files.writeString(dir.resolve("idp.pem"), Pem.encode("PUBLIC KEY",
                ec.toECPublicKey().getEncoded()));
        JWTClaimsSet claims = new JWTClaimsSet.Builder(claims("https://idp.example", "registry.test"))
                .claim("principal", Map.of("kind", "user", "admin", true)).build();

        TokenVerifier withJwks = new TokenVerifier(keys, "berth",
                Optional.of(TrustedIssuer.load("https://idp.example", jwks)), "registry.test", LEEWAY, clock);
        SignedJWT byRsa = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("idp-1").build(), claims);
        byRsa.sign(new RSASSASigner(rsa));
        VerifiedToken external = valid(withJwks.verify(byRsa.serialize()));
        assertThat(external.local()).isFalse();
        assertThat(external.principal()).isEqualTo(new Principal("bob", Principal.Kind.USER, false));
        assertThat(external.allows(Scope.repository("team-a/app", "pull"))).isTrue();

        TokenVerifier withPem = new TokenVerifier(keys, "berth",
                Optional.of(TrustedIssuer.load("https://idp.example", pem)), "registry.test", LEEWAY, clock);
        SignedJWT byEc = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("whatever").build(), claims);
        byEc.sign(new ECDSASigner(ec));
        assertThat(withPem.verify(byEc.serialize())).isInstanceOf(Verification.Valid.class);
        assertThat(withJwks.verify(byEc.serialize())).isInstanceOf(Verification.Invalid.class);
        // The external issuer's name does not let its tokens use Berth's own keys, nor the other way round.
        assertThat(withJwks.verify(sign(new ECKeyGenerator(Curve.P_256).generate(), "idp-1", claims)))
                .isInstanceOf(Verification.Invalid.class);
    }

    private static VerifiedToken valid(Verification verification) {
        assertThat(verification).isInstanceOf(Verification.Valid.class);
        return ((Verification.Valid) verification).token();
    }

    private JWTClaimsSet claims(String issuer, String audience) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("bob").audience(audience)
                .expirationTime(Date.from(now.plus(TTL))).issueTime(Date.from(now))
                .claim("access", List.of(Map.of("type", "repository", "name", "team-a/app", "actions",
                        List.of("pull", "push", "delete"))))
                .build();
    }

    private static String sign(ECKey key, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(kid)
                .build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] padTo32(byte[] bytes) {
        return bytes.length >= 32 ? bytes : java.util.Arrays.copyOf(bytes, 32);
    }
}
