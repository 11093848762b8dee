package dev.berth.registry;

import dev.berth.domain.RepositoryName;

/** Where an upload stands: its id and how many bytes it holds. */
public record UploadStatus(RepositoryName repository, String id, long size) {
}
