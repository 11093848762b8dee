package dev.berth.metadata;

import dev.berth.domain.Digest;

/** An edge from a manifest to what it references. */
public record ManifestReference(Digest digest, Kind kind) {
    public enum Kind {
        /** A config or layer blob. */
        BLOB,
        /** A child manifest of an index. */
        MANIFEST
    }
}
