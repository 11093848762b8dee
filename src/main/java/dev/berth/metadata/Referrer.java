package dev.berth.metadata;

import dev.berth.domain.Digest;

import java.util.Map;
import java.util.Optional;

/** One entry of a referrers list: a descriptor of a manifest whose subject is the queried digest. */
public record Referrer(Digest digest, String mediaType, long size, Optional<String> artifactType,
                       Map<String, String> annotations) {
    public Referrer {
        annotations = Map.copyOf(annotations);
    }
}
