package dev.berth.metadata.cache;

import dev.berth.metadata.MetadataTx;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every method of {@link MetadataTx} is either a read, or a write the cache knows about: a write added later
 * without being tracked by {@link ChangeTrackingTx} would leave stale answers in the cache.
 */
class ChangeTrackingTxTest {
    /** Reads, and writes that change nothing cached answers depend on (upload sessions, job claims). */
    private static final Set<String> NOT_CHANGING_CACHED_ANSWERS = Set.of(
            "repositoryExists", "repositories", "blobSize", "linkedBlobSize", "manifest", "manifestExists", "tag",
            "tags", "tagsOf", "referrers", "upload", "uploadsStartedBefore", "blobs", "linkedBlobs", "manifests",
            "putUpload", "deleteUpload", "claimJobRun");

    @Test
    void everyMetadataTxMethod_isTrackedOrKnownNotToChangeCachedAnswers() {
        Set<String> tracked = Arrays.stream(ChangeTrackingTx.class.getDeclaredMethods())
                .filter(m -> !m.isSynthetic())
                .map(Method::getName)
                .collect(Collectors.toSet());
        Set<String> unaccounted = new TreeSet<>();
        for (Method method : MetadataTx.class.getMethods()) {
            if (!tracked.contains(method.getName()) && !NOT_CHANGING_CACHED_ANSWERS.contains(method.getName())) {
                unaccounted.add(method.getName());
            }
        }

        assertThat(unaccounted).as("MetadataTx methods neither tracked by ChangeTrackingTx nor listed as harmless")
                .isEmpty();
    }

    @Test
    void cachedQueries_areAllListedAsReads() {
        Set<String> cached = Arrays.stream(CachedReadsTx.class.getDeclaredMethods())
                .filter(m -> !m.isSynthetic())
                .map(Method::getName)
                .filter(name -> Arrays.stream(MetadataTx.class.getMethods()).anyMatch(m -> m.getName().equals(name)))
                .collect(Collectors.toSet());

        assertThat(NOT_CHANGING_CACHED_ANSWERS).containsAll(cached);
        assertThat(cached).hasSize(ReadKey.Query.values().length);
    }
}
