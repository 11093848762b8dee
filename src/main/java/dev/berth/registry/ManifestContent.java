package dev.berth.registry;

import dev.berth.domain.Digest;

/** A manifest as served: its exact stored bytes, media type and digest. */
public record ManifestContent(Digest digest, String mediaType, byte[] bytes) {
}
