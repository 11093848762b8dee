package dev.berth.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.auth.Principal;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks bearer tokens locally, without calling any service: a JWS (never {@code alg: none}, never an HMAC, never an
 * encrypted JWT) whose {@code iss} is Berth's own issuer (ES256, a key of {@link SigningKeys} by {@code kid}) or the
 * trusted external issuer (RSA, RSA-PSS or ECDSA with one of its keys); whose {@code aud} holds the service; and
 * whose {@code exp}, {@code nbf} and {@code iat} hold within the clock leeway. The issuer only selects the keys to
 * try: nothing of the token is believed before its signature checks out.
 */
public final class TokenVerifier {
    private static final Set<JWSAlgorithm> EXTERNAL_ALGORITHMS = Set.of(
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    private final SigningKeys keys;
    private final String issuer;
    private final Optional<TrustedIssuer> trusted;
    private final String service;
    private final Duration leeway;
    private final Clock clock;

    public TokenVerifier(SigningKeys keys, String issuer, Optional<TrustedIssuer> trusted, String service,
                         Duration leeway, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.trusted = trusted;
        this.service = service;
        this.leeway = leeway;
        this.clock = clock;
    }

    public Verification verify(String token) {
        SignedJWT jws;
        JWTClaimsSet claims;
        try {
            JWT parsed = JWTParser.parse(token);
            if (!(parsed instanceof SignedJWT signed)) {
                return new Verification.Invalid("not a signed JWT (alg " + parsed.getHeader().getAlgorithm() + ")", true);
            }
            jws = signed;
            claims = jws.getJWTClaimsSet();
        } catch (ParseException e) {
            return new Verification.Invalid("not a JWT", true);
        }
        String claimedIssuer = Optional.ofNullable(claims.getIssuer()).orElse("");
        boolean local = claimedIssuer.equals(issuer);
        boolean external = trusted.isPresent() && claimedIssuer.equals(trusted.get().issuer());
        if (!local && !external) {
            return new Verification.Invalid("unknown issuer", true);
        }
        if (!(local ? verifiedLocally(jws) : verifiedExternally(jws))) {
            return new Verification.Invalid("signature not made by a trusted key", true);
        }
        Optional<String> invalid = timesAndAudience(claims);
        if (invalid.isPresent()) {
            return new Verification.Invalid(invalid.get(), false);
        }
        String subject = Optional.ofNullable(claims.getSubject()).orElse("");
        Principal principal = Claims.parsePrincipal(subject, claims.getClaim(Claims.PRINCIPAL), local);
        return new Verification.Valid(new VerifiedToken(principal, Claims.parseAccess(claims.getClaim(Claims.ACCESS)),
                local, claims.getExpirationTime().toInstant()));
    }

    private boolean verifiedLocally(SignedJWT jws) {
        if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) || jws.getHeader().getKeyID() == null) {
            return false;
        }
        Optional<SigningKey> key = keys.byKid(jws.getHeader().getKeyID());
        try {
            return key.isPresent() && jws.verify(new ECDSAVerifier(key.get().publicKey()));
        } catch (JOSEException e) {
            return false;
        }
    }

    private boolean verifiedExternally(SignedJWT jws) {
        JWSAlgorithm algorithm = jws.getHeader().getAlgorithm();
        if (!EXTERNAL_ALGORITHMS.contains(algorithm)) {
            return false;
        }
        List<JWK> candidates = trusted.orElseThrow().candidates(Optional.ofNullable(jws.getHeader().getKeyID()));
        for (JWK key : candidates) {
            try {
                Optional<JWSVerifier> verifier = verifier(key, algorithm);
                if (verifier.isPresent() && jws.verify(verifier.get())) {
                    return true;
                }
            } catch (JOSEException e) {
                // Wrong key type or curve for this algorithm: try the next key.
            }
        }
        return false;
    }

    private static Optional<JWSVerifier> verifier(JWK key, JWSAlgorithm algorithm) throws JOSEException {
        if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(algorithm)) {
            return Optional.of(new ECDSAVerifier(ec));
        }
        if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(algorithm)) {
            return Optional.of(new RSASSAVerifier(rsa));
        }
        return Optional.empty();
    }

    private Optional<String> timesAndAudience(JWTClaimsSet claims) {
        Instant now = clock.instant();
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(service)) {
            return Optional.of("not issued for service " + service);
        }
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            return Optional.of("no expiry");
        }
        if (now.minus(leeway).isAfter(expires.toInstant())) {
            return Optional.of("expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(leeway).isBefore(notBefore.toInstant())) {
            return Optional.of("not valid yet");
        }
        Date issued = claims.getIssueTime();
        if (issued != null && now.plus(leeway).isBefore(issued.toInstant())) {
            return Optional.of("issued in the future");
        }
        return Optional.empty();
    }
}
