-- Background jobs shared by every node: when each last started, so that a job runs once per interval however
-- many nodes schedule it. Keep in step with ../sqlite/V2__job_runs.sql.
CREATE TABLE job_runs (
    name       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    started_at BIGINT NOT NULL
);
