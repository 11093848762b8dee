-- Berth metadata schema, SQLite. Keep in step with ../postgresql/V1__metadata_schema.sql.
-- Text keys use SQLite's default BINARY collation: bytewise order, the order every list is paged in.
-- Times are INTEGER nanoseconds since the Unix epoch (UTC).

-- Rows are never deleted: a repository exists while it has a manifest or a linked blob (tags need manifests),
-- and ids stay valid for the caches of every node.
CREATE TABLE repositories (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT    NOT NULL UNIQUE
) STRICT;

CREATE TABLE blobs (
    digest     TEXT    NOT NULL PRIMARY KEY,
    size       INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE repository_blobs (
    repository_id INTEGER NOT NULL REFERENCES repositories (id),
    digest        TEXT    NOT NULL REFERENCES blobs (digest),
    PRIMARY KEY (repository_id, digest)
) STRICT, WITHOUT ROWID;

CREATE INDEX repository_blobs_by_digest ON repository_blobs (digest);

-- The referrer edge of a manifest is its subject column.
CREATE TABLE manifests (
    id            INTEGER PRIMARY KEY,
    repository_id INTEGER NOT NULL REFERENCES repositories (id),
    digest        TEXT    NOT NULL,
    media_type    TEXT    NOT NULL,
    artifact_type TEXT,
    subject       TEXT,
    annotations   TEXT    NOT NULL,
    content       BLOB    NOT NULL,
    size          INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    UNIQUE (repository_id, digest)
) STRICT;

CREATE INDEX manifests_by_subject ON manifests (repository_id, subject, digest) WHERE subject IS NOT NULL;

CREATE TABLE manifest_references (
    manifest_id INTEGER NOT NULL REFERENCES manifests (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    digest      TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('blob', 'manifest')),
    PRIMARY KEY (manifest_id, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX manifest_references_by_digest ON manifest_references (digest);

CREATE TABLE tags (
    repository_id INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    digest        TEXT    NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (repository_id, name),
    FOREIGN KEY (repository_id, digest) REFERENCES manifests (repository_id, digest) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX tags_by_digest ON tags (repository_id, digest);

-- Uploads name their repository instead of creating its row: an upload alone does not make a repository.
CREATE TABLE uploads (
    id         TEXT    NOT NULL PRIMARY KEY,
    repository TEXT    NOT NULL,
    algorithm  TEXT    NOT NULL,
    started_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX uploads_by_start ON uploads (started_at);
