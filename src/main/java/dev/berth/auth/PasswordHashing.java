package dev.berth.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * bcrypt, as {@code htpasswd -B} writes it: new hashes are {@code $2y$<cost>$…}; verification accepts
 * {@code $2y$}, {@code $2a$} and {@code $2b$} and compares in constant time. Passwords longer than bcrypt's 72
 * bytes are refused when set (bcrypt would silently ignore the rest) and truncated when verified, as Apache does.
 */
public final class PasswordHashing {
    /** bcrypt only reads this many bytes of a password. */
    public static final int MAX_PASSWORD_BYTES = 72;
    public static final int DEFAULT_COST = 11;

    private final int cost;
    private final BCrypt.Hasher hasher;
    private final BCrypt.Verifyer verifyer = BCrypt.verifyer(BCrypt.Version.VERSION_2Y,
            LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y));
    /** Verified against when a user does not exist, so that answer takes as long as a wrong password. */
    private volatile String decoyHash;

    /** @param cost the bcrypt work factor (4–31; each step doubles the time; 11 takes ~100 ms on a server core) */
    public PasswordHashing(int cost) {
        if (cost < BCrypt.MIN_COST || cost > BCrypt.MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost must be 4 to 31, got " + cost);
        }
        this.cost = cost;
        this.hasher = BCrypt.with(BCrypt.Version.VERSION_2Y, new SecureRandom(),
                LongPasswordStrategies.strict(BCrypt.Version.VERSION_2Y));
    }

    /** A new {@code $2y$} hash; {@code BAD_REQUEST} for an empty or too long password. */
    public String hash(Secret password) {
        if (password.isEmpty()) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST, "the password is empty");
        }
        if (password.reveal().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST,
                    "the password is longer than bcrypt's " + MAX_PASSWORD_BYTES + " bytes");
        }
        return hasher.hashToString(cost, password.reveal().toCharArray());
    }

    /** True when {@code password} matches the bcrypt {@code hash}; false for a malformed or non-bcrypt hash. */
    public boolean verify(String password, String hash) {
        if (!isBcrypt(hash)) {
            return false;
        }
        try {
            return verifyer.verify(password.toCharArray(), hash).verified;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** Spends the time of one verification and fails: the answer for a user that does not exist. */
    public boolean verifyDecoy(String password) {
        String decoy = decoyHash;
        if (decoy == null) {
            // Made on first need: a CLI command that never meets an unknown user does not pay for it.
            decoy = hasher.hashToString(cost, SecretDigests.randomSecret().toCharArray());
            decoyHash = decoy;
        }
        verify(password, decoy);
        return false;
    }

    /** The hash prefixes bcrypt implementations write ({@code htpasswd -B}: {@code $2y$}). */
    public static boolean isBcrypt(String hash) {
        return hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$");
    }
}
