-- Identities and permissions (docs/security.md), SQLite. Keep in step with ../postgresql/V2__auth.sql.
-- Names are BINARY-collated text; times are INTEGER nanoseconds since the Unix epoch (UTC); flags are 0/1.
-- Secrets are never stored: passwords as bcrypt hashes, token and robot secrets as SHA-256 digests.

CREATE TABLE users (
    name          TEXT    NOT NULL PRIMARY KEY,
    password_hash TEXT    NOT NULL,
    admin         INTEGER NOT NULL CHECK (admin IN (0, 1)),
    disabled      INTEGER NOT NULL CHECK (disabled IN (0, 1)),
    created_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Revoked robots keep their row (and name) for the audit trail.
CREATE TABLE robots (
    name         TEXT    NOT NULL PRIMARY KEY,
    secret_hash  BLOB    NOT NULL,
    description  TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER,
    last_used_at INTEGER
) STRICT, WITHOUT ROWID;

-- id is the public part of a token, also its first characters: the lookup key.
CREATE TABLE access_tokens (
    id           TEXT    NOT NULL PRIMARY KEY,
    user_name    TEXT    NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    secret_hash  BLOB    NOT NULL,
    description  TEXT    NOT NULL,
    namespace    TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    last_used_at INTEGER
) STRICT, WITHOUT ROWID;

CREATE INDEX access_tokens_by_user ON access_tokens (user_name, created_at);

CREATE TABLE namespaces (
    name       TEXT    NOT NULL PRIMARY KEY,
    is_public  INTEGER NOT NULL CHECK (is_public IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- member: a user name (not necessarily a database user: htpasswd users too) or robot$<name>.
CREATE TABLE memberships (
    namespace TEXT NOT NULL REFERENCES namespaces (name) ON DELETE CASCADE,
    member    TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('reader', 'writer', 'maintainer', 'admin')),
    PRIMARY KEY (namespace, member)
) STRICT, WITHOUT ROWID;

CREATE INDEX memberships_by_member ON memberships (member);

-- subject '*' is everyone (a ceiling); any other subject is one user or robot (an exact role).
CREATE TABLE repository_rules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    pattern    TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('none', 'reader', 'writer', 'maintainer', 'admin')),
    created_by TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (pattern, subject)
) STRICT;

CREATE TABLE audit_events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    address TEXT    NOT NULL,
    outcome TEXT    NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
    detail  TEXT    NOT NULL
) STRICT;

CREATE INDEX audit_events_by_time ON audit_events (occurred_at);
