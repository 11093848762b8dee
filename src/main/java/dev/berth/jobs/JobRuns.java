package dev.berth.jobs;

import java.time.Duration;

/**
 * Where and when a scheduled job runs. Every node schedules every job; this decides whether a tick actually runs,
 * so that with several nodes a job runs on one node at a time and about once per interval for the whole cluster.
 */
@FunctionalInterface
public interface JobRuns {

    /**
     * Runs {@code run} unless the job is running elsewhere or already ran within {@code interval}; true when it ran
     * here. Exceptions of {@code run} are passed on.
     */
    boolean runIfDue(String job, Duration interval, Runnable run);

    /** For a single node: every tick runs (the node's own scheduler already runs a job one pass at a time). */
    static JobRuns local() {
        return (job, interval, run) -> {
            run.run();
            return true;
        };
    }
}
