-- Background jobs: when each last started, so that a job runs once per interval. Keep in step with
-- ../postgresql/V2__job_runs.sql.
CREATE TABLE job_runs (
    name       TEXT    NOT NULL PRIMARY KEY,
    started_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
