-- Identities and permissions (docs/security.md), PostgreSQL. Keep in step with ../sqlite/V2__auth.sql.
-- Names are COLLATE "C" text; times are BIGINT nanoseconds since the Unix epoch (UTC); flags are 0/1.
-- Secrets are never stored: passwords as bcrypt hashes, token and robot secrets as SHA-256 digests.

CREATE TABLE users (
    name          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    password_hash TEXT NOT NULL,
    admin         INTEGER NOT NULL CHECK (admin IN (0, 1)),
    disabled      INTEGER NOT NULL CHECK (disabled IN (0, 1)),
    created_at    BIGINT NOT NULL
);

-- Revoked robots keep their row (and name) for the audit trail.
CREATE TABLE robots (
    name         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    secret_hash  BYTEA NOT NULL,
    description  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT,
    last_used_at BIGINT
);

-- id is the public part of a token, also its first characters: the lookup key.
CREATE TABLE access_tokens (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    user_name    TEXT COLLATE "C" NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    secret_hash  BYTEA NOT NULL,
    description  TEXT NOT NULL,
    namespace    TEXT COLLATE "C",
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);

CREATE INDEX access_tokens_by_user ON access_tokens (user_name, created_at);

CREATE TABLE namespaces (
    name       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    is_public  INTEGER NOT NULL CHECK (is_public IN (0, 1)),
    created_at BIGINT NOT NULL
);

-- member: a user name (not necessarily a database user: htpasswd users too) or robot$<name>.
CREATE TABLE memberships (
    namespace TEXT COLLATE "C" NOT NULL REFERENCES namespaces (name) ON DELETE CASCADE,
    member    TEXT COLLATE "C" NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('reader', 'writer', 'maintainer', 'admin')),
    PRIMARY KEY (namespace, member)
);

CREATE INDEX memberships_by_member ON memberships (member);

-- subject '*' is everyone (a ceiling); any other subject is one user or robot (an exact role).
CREATE TABLE repository_rules (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pattern    TEXT COLLATE "C" NOT NULL,
    subject    TEXT COLLATE "C" NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('none', 'reader', 'writer', 'maintainer', 'admin')),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (pattern, subject)
);

CREATE TABLE audit_events (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at BIGINT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL,
    address TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
    detail  TEXT NOT NULL
);

CREATE INDEX audit_events_by_time ON audit_events (occurred_at);
