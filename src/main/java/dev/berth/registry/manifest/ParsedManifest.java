package dev.berth.registry.manifest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the registry reads from a manifest's bytes. The bytes themselves are stored untouched.
 *
 * @param blobs     config and layers of an image manifest (empty for an index)
 * @param children  manifests of an index (empty for an image manifest)
 */
public record ParsedManifest(String mediaType, Optional<String> artifactType, Optional<Descriptor> config,
                             List<Descriptor> blobs, List<Descriptor> children, Optional<Descriptor> subject,
                             Map<String, String> annotations) {
    public ParsedManifest {
        blobs = List.copyOf(blobs);
        children = List.copyOf(children);
        annotations = Map.copyOf(annotations);
    }

    /** The artifact type the referrers API reports: {@code artifactType}, else the config media type. */
    public Optional<String> effectiveArtifactType() {
        return artifactType.or(() -> config.map(Descriptor::mediaType));
    }
}
