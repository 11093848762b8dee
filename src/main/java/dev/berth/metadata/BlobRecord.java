package dev.berth.metadata;

import dev.berth.domain.Digest;

/** A blob the registry has recorded as stored: its digest and size in bytes. */
public record BlobRecord(Digest digest, long size) {
}
