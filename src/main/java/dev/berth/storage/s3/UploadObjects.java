package dev.berth.storage.s3;

import java.util.List;

/**
 * What a listing of {@code uploads/<id>/} found: whether the marker exists, the chunks in byte order, and any
 * other key under the upload (left by another version, never read).
 */
record UploadObjects(boolean exists, List<Chunk> chunks, List<String> otherKeys) {
    UploadObjects {
        chunks = List.copyOf(chunks);
        otherKeys = List.copyOf(otherKeys);
    }

    long size() {
        return chunks.isEmpty() ? 0 : chunks.getLast().end();
    }
}
