package dev.berth.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;

import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;

/**
 * One ES256 (P-256) key of the token service.
 *
 * @param kid     the JWK thumbprint of the public key (RFC 7638), put in the {@code kid} header of tokens it signs
 * @param created when it was made (from its file name); the newest key signs, older ones only verify
 */
public record SigningKey(String kid, ECPrivateKey privateKey, ECPublicKey publicKey, Instant created) {

    static SigningKey of(ECPrivateKey privateKey, ECPublicKey publicKey, Instant created) {
        try {
            String kid = new ECKey.Builder(Curve.P_256, publicKey).build().computeThumbprint().toString();
            return new SigningKey(kid, privateKey, publicKey, created);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the key id of a P-256 key", e);
        }
    }

    /** Never shows the private key. */
    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", created=" + created + "]";
    }
}
