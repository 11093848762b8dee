package dev.berth.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.auth.Principal;
import dev.berth.domain.Scope;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Signs access tokens (ES256 with the current key's {@code kid}): {@code iss}, {@code sub}, {@code aud} (the
 * service), {@code exp}, {@code nbf}, {@code iat}, a random {@code jti}, the {@code access} claim and Berth's
 * {@code principal} claim.
 */
public final class TokenMinter {
    private final SigningKeys keys;
    private final String issuer;
    private final String service;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenMinter(SigningKeys keys, String issuer, String service, Duration ttl, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.service = service;
        this.ttl = ttl;
        this.clock = clock;
    }

    public record Minted(String token, Instant issuedAt, Duration expiresIn) {
        @Override
        public String toString() {
            return "Minted[token=****, issuedAt=" + issuedAt + ", expiresIn=" + expiresIn + "]";
        }
    }

    public Minted mint(Principal principal, List<Scope> access) {
        // JWT times are whole seconds; truncating keeps exp - iat exactly the lifetime announced in expires_in.
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        SigningKey key = keys.current();
        byte[] id = new byte[16];
        random.nextBytes(id);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(principal.name())
                .audience(service)
                .expirationTime(Date.from(now.plus(ttl)))
                .notBeforeTime(Date.from(now))
                .issueTime(Date.from(now))
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
                .claim(Claims.ACCESS, Claims.access(access))
                .claim(Claims.PRINCIPAL, Claims.principal(principal))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(key.kid()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with key " + key.kid(), e);
        }
        return new Minted(jwt.serialize(), now, ttl);
    }
}
