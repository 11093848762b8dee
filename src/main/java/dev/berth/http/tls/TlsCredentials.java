package dev.berth.http.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate chain and its private key read from PEM, checked to belong together, as the in-memory
 * {@link KeyStore} Jetty's {@code SslContextFactory} takes. The key store never touches the disk, so its password
 * only satisfies the API.
 */
public record TlsCredentials(List<X509Certificate> chain, PrivateKey key) {
    static final String ALIAS = "berth";
    static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    public TlsCredentials {
        chain = List.copyOf(chain);
    }

    /** Parses and checks a PEM certificate chain and key; {@link IllegalArgumentException} says what is wrong. */
    public static TlsCredentials parse(String certificatePem, String keyPem) {
        List<X509Certificate> chain = Pem.certificates(certificatePem);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found (expected BEGIN CERTIFICATE)");
        }
        PrivateKey key = Pem.privateKey(keyPem);
        if (!belongTogether(key, chain.getFirst().getPublicKey())) {
            throw new IllegalArgumentException("the private key does not match the first certificate's public key");
        }
        return new TlsCredentials(chain, key);
    }

    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, IN_MEMORY_PASSWORD);
            store.setKeyEntry(ALIAS, key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the certificate and key cannot be put in a key store: "
                    + e.getClass().getSimpleName());
        }
    }

    public String subject() {
        return chain.getFirst().getSubjectX500Principal().getName();
    }

    public Instant notAfter() {
        return chain.getFirst().getNotAfter().toInstant();
    }

    /** Signs random bytes with the private key and verifies them with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Never shows the private key. */
    @Override
    public String toString() {
        return "TlsCredentials[subject=" + subject() + ", notAfter=" + notAfter() + "]";
    }
}
