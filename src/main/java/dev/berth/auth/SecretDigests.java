package dev.berth.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The SHA-256 digests token and robot secrets are stored as, their constant-time comparison, and the generation
 * of new secrets. A generated secret carries 256 random bits, so a fast hash is enough (no salt, no bcrypt): it
 * cannot be guessed, only stolen, and the stored digest does not give it back.
 */
final class SecretDigests {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private SecretDigests() {
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Compares the digest of {@code presented} with {@code stored} in time independent of where they differ. */
    static boolean matches(String presented, byte[] stored) {
        return MessageDigest.isEqual(sha256(presented), stored);
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code length} random characters from an unambiguous lower-case alphabet (no 0/o, 1/l). */
    static String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
