package dev.berth.jobs;

import dev.berth.registry.BlobUploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Removes uploads that were started longer than {@code maxAge} ago and never finished (spec: registries SHOULD time
 * out unfinished uploads), every {@code interval}. Safe to run on every node: {@link JobRuns} lets one node at a
 * time run a pass, about once per interval for the cluster, and each upload is removed under its own lock.
 */
public final class UploadPurgeJob implements AutoCloseable {
    /** The job's name for {@link JobRuns}. */
    public static final String NAME = "upload-purge";
    private static final Logger LOG = LoggerFactory.getLogger(UploadPurgeJob.class);

    private final BlobUploads uploads;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration interval;
    private final JobRuns runs;
    private final ScheduledExecutorService scheduler;

    /** A purge for a single node. */
    public UploadPurgeJob(BlobUploads uploads, Clock clock, Duration maxAge, Duration interval) {
        this(uploads, clock, maxAge, interval, JobRuns.local());
    }

    public UploadPurgeJob(BlobUploads uploads, Clock clock, Duration maxAge, Duration interval, JobRuns runs) {
        this.uploads = uploads;
        this.clock = clock;
        this.maxAge = maxAge;
        this.interval = interval;
        this.runs = runs;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("berth-upload-purge").factory());
        scheduler.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One purge pass, if due; returns how many uploads were removed (0 when the pass ran elsewhere). */
    public int runOnce() {
        try {
            AtomicInteger removed = new AtomicInteger();
            runs.runIfDue(NAME, interval, () -> removed.set(uploads.purgeStale(clock.instant().minus(maxAge))));
            if (removed.get() > 0) {
                LOG.info("purged {} stale uploads older than {}", removed.get(), maxAge);
            }
            return removed.get();
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
