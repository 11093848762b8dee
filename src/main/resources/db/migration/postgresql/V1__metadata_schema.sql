-- Berth metadata schema, PostgreSQL. Keep in step with ../sqlite/V1__metadata_schema.sql.
-- Text keys are COLLATE "C": bytewise order, the order every list is paged in, whatever the database locale.
-- Times are BIGINT nanoseconds since the Unix epoch (UTC).

-- Rows are never deleted: a repository exists while it has a manifest or a linked blob (tags need manifests),
-- and ids stay valid for the caches of every node.
CREATE TABLE repositories (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE
);

CREATE TABLE blobs (
    digest     TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    size       BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE repository_blobs (
    repository_id BIGINT NOT NULL REFERENCES repositories (id),
    digest        TEXT COLLATE "C" NOT NULL REFERENCES blobs (digest),
    PRIMARY KEY (repository_id, digest)
);

CREATE INDEX repository_blobs_by_digest ON repository_blobs (digest);

-- The referrer edge of a manifest is its subject column.
CREATE TABLE manifests (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    repository_id BIGINT NOT NULL REFERENCES repositories (id),
    digest        TEXT COLLATE "C" NOT NULL,
    media_type    TEXT NOT NULL,
    artifact_type TEXT COLLATE "C",
    subject       TEXT COLLATE "C",
    annotations   TEXT NOT NULL,
    content       BYTEA NOT NULL,
    size          BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    UNIQUE (repository_id, digest)
);

CREATE INDEX manifests_by_subject ON manifests (repository_id, subject, digest) WHERE subject IS NOT NULL;

CREATE TABLE manifest_references (
    manifest_id BIGINT NOT NULL REFERENCES manifests (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    digest      TEXT COLLATE "C" NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('blob', 'manifest')),
    PRIMARY KEY (manifest_id, position)
);

CREATE INDEX manifest_references_by_digest ON manifest_references (digest);

CREATE TABLE tags (
    repository_id BIGINT NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    digest        TEXT COLLATE "C" NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (repository_id, name),
    FOREIGN KEY (repository_id, digest) REFERENCES manifests (repository_id, digest) ON DELETE CASCADE
);

CREATE INDEX tags_by_digest ON tags (repository_id, digest);

-- Uploads name their repository instead of creating its row: an upload alone does not make a repository.
CREATE TABLE uploads (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    repository TEXT COLLATE "C" NOT NULL,
    algorithm  TEXT NOT NULL,
    started_at BIGINT NOT NULL
);

CREATE INDEX uploads_by_start ON uploads (started_at);
