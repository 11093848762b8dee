package dev.berth.migration;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link Migration} did.
 *
 * @param blobsCopied       blobs copied (and verified) by this run
 * @param bytesCopied       their total size
 * @param blobsAlreadyThere blobs the target held already (a previous, interrupted run copied them)
 * @param repositories      repositories whose metadata was copied
 * @param manifests         manifests copied or found identical in the target
 * @param tags              tags set in the target
 * @param failures          one line per problem (a blob missing or corrupt in the source, a link or manifest that
 *                          could not be written); empty when everything was copied
 * @param elapsed           how long the run took
 */
public record MigrationSummary(long blobsCopied, long bytesCopied, long blobsAlreadyThere, long repositories,
                               long manifests, long tags, List<String> failures, Duration elapsed) {

    public MigrationSummary {
        failures = List.copyOf(failures);
    }

    public boolean complete() {
        return failures.isEmpty();
    }
}
