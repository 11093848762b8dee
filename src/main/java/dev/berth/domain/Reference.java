package dev.berth.domain;

/** The {@code <reference>} of a manifest URL: a tag or a digest. */
public sealed interface Reference {
    record ByTag(Tag tag) implements Reference {
        @Override
        public String toString() {
            return tag.value();
        }
    }

    record ByDigest(Digest digest) implements Reference {
        @Override
        public String toString() {
            return digest.toString();
        }
    }

    /** Parses a path reference: digest-shaped strings must be valid digests, anything else a valid tag. */
    static Reference parse(String value) {
        if (Digest.looksLikeDigest(value)) {
            Digest d = Digest.tryParse(value).orElseThrow(
                    () -> RegistryException.withDetail(ErrorCode.DIGEST_INVALID, "invalid digest reference", value));
            return new ByDigest(d);
        }
        return new ByTag(new Tag(value));
    }
}
