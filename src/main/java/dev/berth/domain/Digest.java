package dev.berth.domain;

import java.util.HexFormat;
import java.util.Optional;

/**
 * A content digest such as {@code sha256:6c3c…}. Only sha256 and sha512 with lower-case hex of the exact length
 * are valid (OCI image spec, "Digests": registered algorithms). {@link #toString()} is the wire form.
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {
    private static final HexFormat HEX = HexFormat.of();

    public Digest {
        if (hex.length() != algorithm.hexLength() || !isLowerHex(hex)) {
            throw RegistryException.of(ErrorCode.DIGEST_INVALID, "invalid " + algorithm.id() + " digest");
        }
    }

    /** Parses a wire digest; throws {@code DIGEST_INVALID} when it is malformed or its algorithm unsupported. */
    public static Digest parse(String value) {
        return tryParse(value).orElseThrow(
                () -> RegistryException.withDetail(ErrorCode.DIGEST_INVALID, "invalid digest", value));
    }

    public static Optional<Digest> tryParse(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromId(value.substring(0, colon));
        String hex = value.substring(colon + 1);
        if (algorithm.isEmpty() || hex.length() != algorithm.get().hexLength() || !isLowerHex(hex)) {
            return Optional.empty();
        }
        return Optional.of(new Digest(algorithm.get(), hex));
    }

    /** True for strings shaped like a digest ({@code alg:encoded}), even with an unsupported algorithm. */
    public static boolean looksLikeDigest(String value) {
        return value.indexOf(':') > 0;
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] rawHash) {
        return new Digest(algorithm, HEX.formatHex(rawHash));
    }

    /** Hashes a whole byte array, for manifests and tests. */
    public static Digest compute(DigestAlgorithm algorithm, byte[] content) {
        return of(algorithm, algorithm.newMessageDigest().digest(content));
    }

    public static Digest sha256(byte[] content) {
        return compute(DigestAlgorithm.SHA256, content);
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return algorithm.id() + ":" + hex;
    }
}
