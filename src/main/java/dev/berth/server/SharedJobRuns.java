package dev.berth.server;

import dev.berth.jobs.JobRuns;
import dev.berth.metadata.Locks;
import dev.berth.metadata.MetadataStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link JobRuns} coordinated through the metadata store, for nodes sharing one database: a tick runs only on the
 * node that gets the job's lock ({@code job/<name>}, so never on two nodes at once) and then claims the run in the
 * {@code job_runs} row (so once per interval for the cluster, not once per node). A tick that comes a little early
 * (schedules drift) still counts: a run is due once nine tenths of the interval have passed.
 */
final class SharedJobRuns implements JobRuns {
    private static final String LOCK_PREFIX = "job/";

    private final MetadataStore metadata;
    private final Locks locks;
    private final Clock clock;

    SharedJobRuns(MetadataStore metadata, Locks locks, Clock clock) {
        this.metadata = metadata;
        this.locks = locks;
        this.clock = clock;
    }

    @Override
    public boolean runIfDue(String job, Duration interval, Runnable run) {
        return locks.holdingIfFree(LOCK_PREFIX + job, () -> {
            Instant now = clock.instant();
            Instant notBefore = now.minus(interval.minus(interval.dividedBy(10)));
            if (!metadata.write(tx -> tx.claimJobRun(job, now, notBefore))) {
                return false;
            }
            run.run();
            return true;
        }).orElse(false);
    }
}
