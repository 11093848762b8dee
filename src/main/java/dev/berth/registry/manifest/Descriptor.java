package dev.berth.registry.manifest;

import dev.berth.domain.Digest;

import java.util.List;
import java.util.Optional;

/** An OCI content descriptor as read from a manifest (only the fields the registry acts on). */
public record Descriptor(String mediaType, Digest digest, long size, Optional<String> artifactType, List<String> urls) {
    public Descriptor {
        urls = List.copyOf(urls);
    }

    /** Non-distributable layers point elsewhere with {@code urls}; their bytes need not be in the registry. */
    public boolean isExternal() {
        return !urls.isEmpty();
    }
}
