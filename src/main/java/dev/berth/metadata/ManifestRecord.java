package dev.berth.metadata;

import dev.berth.domain.Digest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest as stored: the exact bytes received, and what was read from them at push time.
 *
 * @param content      the exact bytes; never modified by anyone: a record read through the cache
 *                     ({@link dev.berth.metadata.cache.CachingMetadataStore}) shares this array with every reader
 * @param artifactType the effective artifact type for the referrers API: the manifest's {@code artifactType},
 *                     else its config media type (image manifests), else empty
 * @param references   blobs (config, layers) and child manifests (index entries) it points at
 */
public record ManifestRecord(Digest digest, String mediaType, byte[] content, Optional<String> artifactType,
                             Optional<Digest> subject, Map<String, String> annotations,
                             List<ManifestReference> references, Instant createdAt) {

    public ManifestRecord {
        annotations = Map.copyOf(annotations);
        references = List.copyOf(references);
    }

    public long size() {
        return content.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestRecord m && digest.equals(m.digest) && mediaType.equals(m.mediaType)
                && Arrays.equals(content, m.content) && artifactType.equals(m.artifactType)
                && subject.equals(m.subject) && annotations.equals(m.annotations)
                && references.equals(m.references) && createdAt.equals(m.createdAt);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "ManifestRecord[" + digest + ", " + mediaType + ", " + content.length + " bytes]";
    }
}
