package dev.berth.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text of personal access tokens and robot secrets. A token is {@code bpat_<10 id chars>_<43 secret chars>}:
 * the recognisable prefix lets secret scanners find leaked tokens, and the id (prefix included) is the public
 * lookup key stored next to the secret's digest. A robot secret is {@code brob_<43 secret chars>}.
 */
final class TokenFormat {
    static final String TOKEN_PREFIX = "bpat_";
    static final String ROBOT_PREFIX = "brob_";
    private static final int ID_CHARS = 10;
    private static final Pattern TOKEN = Pattern.compile("bpat_[a-z2-9]{10}_[A-Za-z0-9_-]{43}");

    private TokenFormat() {
    }

    static String newTokenId() {
        return TOKEN_PREFIX + SecretDigests.randomId(ID_CHARS);
    }

    static String newToken(String id) {
        return id + "_" + SecretDigests.randomSecret();
    }

    static String newRobotSecret() {
        return ROBOT_PREFIX + SecretDigests.randomSecret();
    }

    /** The id of a presented secret that has the form of a token; empty for anything else (a password). */
    static Optional<String> tokenId(String secret) {
        return TOKEN.matcher(secret).matches()
                ? Optional.of(secret.substring(0, TOKEN_PREFIX.length() + ID_CHARS)) : Optional.empty();
    }
}
