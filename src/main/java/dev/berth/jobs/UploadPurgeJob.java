package dev.berth.jobs;

import dev.berth.registry.BlobUploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes uploads that were started longer than {@code maxAge} ago and never finished (spec: registries SHOULD time
 * out unfinished uploads), every {@code interval}. Safe to run on every node: cancelling an upload is idempotent.
 */
public final class UploadPurgeJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadPurgeJob.class);
    private final BlobUploads uploads;
    private final Clock clock;
    private final Duration maxAge;
    private final ScheduledExecutorService scheduler;

    public UploadPurgeJob(BlobUploads uploads, Clock clock, Duration maxAge, Duration interval) {
        this.uploads = uploads;
        this.clock = clock;
        this.maxAge = maxAge;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("berth-upload-purge").factory());
        scheduler.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One purge pass; returns how many uploads were removed. */
    public int runOnce() {
        try {
            int removed = uploads.purgeStale(clock.instant().minus(maxAge));
            if (removed > 0) {
                LOG.info("purged {} stale uploads older than {}", removed, maxAge);
            }
            return removed;
        } catch (RuntimeException e) {
            LOG.warn("stale upload purge failed: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
