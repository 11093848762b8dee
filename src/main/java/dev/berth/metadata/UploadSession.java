package dev.berth.metadata;

import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.RepositoryName;

import java.time.Instant;

/** An upload in progress. Its bytes live in the blob store under the same id. */
public record UploadSession(String id, RepositoryName repository, DigestAlgorithm algorithm, Instant startedAt) {
}
