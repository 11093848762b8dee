package dev.berth.registry;

import dev.berth.domain.Digest;

/** A blob visible in a repository. */
public record BlobInfo(Digest digest, long size) {
}
