package dev.berth.metadata.sql;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.BlobRecord;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.ManifestReference;
import dev.berth.metadata.MetadataTx;
import dev.berth.metadata.Referrer;
import dev.berth.metadata.UploadSession;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata operations as SQL, shared by SQLite and PostgreSQL. One instance serves one transaction on one
 * thread. Keyset pages start after the empty string when no {@code after} is given: every name, tag and digest
 * sorts after it.
 */
final class SqlMetadataTx implements MetadataTx {
    private static final String BEFORE_ALL = "";
    /** A tag upsert that keeps losing to concurrent ones this often is a bug, not contention. */
    private static final int TAG_UPSERT_ATTEMPTS = 5;

    private final SqlSession sql;
    private final RepositoryIds ids;
    private final Clock clock;
    private final boolean writing;
    private final Map<RepositoryName, Long> learnedIds = new HashMap<>();

    /**
     * @param writing true in a write transaction: the ids it sees may be its own or, with SQLite's group commit,
     *                those of an earlier write of the same uncommitted batch, so they are only kept in
     *                {@link #learnedRepositoryIds()} until the commit; a read transaction sees committed rows only
     */
    SqlMetadataTx(SqlSession sql, RepositoryIds ids, Clock clock, boolean writing) {
        this.sql = sql;
        this.ids = ids;
        this.clock = clock;
        this.writing = writing;
    }

    /** Repository ids this write transaction found or created: they may enter the shared cache once it commits. */
    Map<RepositoryName, Long> learnedRepositoryIds() {
        return learnedIds;
    }

    // Repositories.

    @Override
    public boolean repositoryExists(RepositoryName repository) {
        return repositoryId(repository).map(id -> sql.queryFirst(
                "SELECT 1 WHERE EXISTS (SELECT 1 FROM manifests WHERE repository_id = ?)"
                        + " OR EXISTS (SELECT 1 FROM repository_blobs WHERE repository_id = ?)",
                row -> true, id, id).isPresent()).orElse(false);
    }

    @Override
    public List<RepositoryName> repositories(Optional<RepositoryName> after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // Tags need a manifest, so a repository with content has a manifest or a linked blob.
        return sql.query("SELECT r.name FROM repositories r WHERE r.name > ?"
                        + " AND (EXISTS (SELECT 1 FROM manifests m WHERE m.repository_id = r.id)"
                        + " OR EXISTS (SELECT 1 FROM repository_blobs l WHERE l.repository_id = r.id))"
                        + " ORDER BY r.name LIMIT ?",
                row -> new RepositoryName(row.getString(1)), after.map(RepositoryName::value).orElse(BEFORE_ALL), limit);
    }

    // Blobs.

    @Override
    public void putBlob(Digest digest, long size) {
        sql.update("INSERT INTO blobs (digest, size, created_at) VALUES (?, ?, ?) ON CONFLICT (digest) DO NOTHING",
                digest, size, clock.instant());
    }

    @Override
    public Optional<Long> blobSize(Digest digest) {
        return sql.queryFirst("SELECT size FROM blobs WHERE digest = ?", row -> row.getLong(1), digest);
    }

    @Override
    public void linkBlob(RepositoryName repository, Digest digest) {
        long id = ensureRepository(repository);
        // WHERE on the SELECT also keeps SQLite from reading ON CONFLICT as a join constraint.
        int linked = sql.update("INSERT INTO repository_blobs (repository_id, digest)"
                + " SELECT ?, digest FROM blobs WHERE digest = ?"
                + " ON CONFLICT (repository_id, digest) DO NOTHING", id, digest);
        if (linked == 0 && blobSize(digest).isEmpty()) {
            throw RegistryException.withDetail(ErrorCode.BLOB_UNKNOWN, "blob is not stored", digest.toString());
        }
    }

    @Override
    public boolean unlinkBlob(RepositoryName repository, Digest digest) {
        return repositoryId(repository).map(id -> sql.update(
                "DELETE FROM repository_blobs WHERE repository_id = ? AND digest = ?", id, digest) > 0).orElse(false);
    }

    @Override
    public Optional<Long> linkedBlobSize(RepositoryName repository, Digest digest) {
        return repositoryId(repository).flatMap(id -> sql.queryFirst(
                "SELECT b.size FROM repository_blobs l JOIN blobs b ON b.digest = l.digest"
                        + " WHERE l.repository_id = ? AND l.digest = ?",
                row -> row.getLong(1), id, digest));
    }

    // Manifests.

    @Override
    public void putManifest(RepositoryName repository, ManifestRecord manifest) {
        long id = ensureRepository(repository);
        Optional<Long> manifestId = sql.queryFirst("INSERT INTO manifests (repository_id, digest, media_type,"
                        + " artifact_type, subject, annotations, content, size, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (repository_id, digest) DO NOTHING RETURNING id",
                row -> row.getLong(1),
                id, manifest.digest(), manifest.mediaType(), manifest.artifactType(), manifest.subject(),
                AnnotationsJson.write(manifest.annotations()), manifest.content(), manifest.size(),
                manifest.createdAt());
        // No row back: the digest is already there and the first record wins.
        manifestId.ifPresent(inserted -> insertReferences(inserted, manifest.references()));
    }

    private void insertReferences(long manifestId, List<ManifestReference> references) {
        List<Object[]> rows = new ArrayList<>(references.size());
        for (int i = 0; i < references.size(); i++) {
            ManifestReference reference = references.get(i);
            rows.add(new Object[]{manifestId, i, reference.digest(), kindName(reference.kind())});
        }
        sql.batch("INSERT INTO manifest_references (manifest_id, position, digest, kind) VALUES (?, ?, ?, ?)", rows);
    }

    @Override
    public Optional<ManifestRecord> manifest(RepositoryName repository, Digest digest) {
        return repositoryId(repository).flatMap(id -> sql.queryFirst(
                "SELECT id, media_type, content, artifact_type, subject, annotations, created_at"
                        + " FROM manifests WHERE repository_id = ? AND digest = ?",
                row -> new StoredManifest(row.getLong(1), row.getString(2), row.getBytes(3),
                        Optional.ofNullable(row.getString(4)), Optional.ofNullable(row.getString(5)),
                        row.getString(6), row.getLong(7)),
                id, digest)).map(stored -> stored.toRecord(digest, references(stored.id())));
    }

    private List<ManifestReference> references(long manifestId) {
        return sql.query("SELECT digest, kind FROM manifest_references WHERE manifest_id = ? ORDER BY position",
                row -> new ManifestReference(Digest.parse(row.getString(1)), kind(row.getString(2))), manifestId);
    }

    @Override
    public boolean manifestExists(RepositoryName repository, Digest digest) {
        return repositoryId(repository).map(id -> sql.queryFirst(
                "SELECT 1 FROM manifests WHERE repository_id = ? AND digest = ?", row -> true, id, digest)
                .isPresent()).orElse(false);
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) {
        // Tags and references go with the row (ON DELETE CASCADE); the referrer edge is the row's subject column.
        return repositoryId(repository).map(id -> sql.update(
                "DELETE FROM manifests WHERE repository_id = ? AND digest = ?", id, digest) > 0).orElse(false);
    }

    // Tags.

    @Override
    public Optional<Digest> tag(RepositoryName repository, Tag tag) {
        return repositoryId(repository).flatMap(id -> sql.queryFirst(
                "SELECT digest FROM tags WHERE repository_id = ? AND name = ?",
                row -> Digest.parse(row.getString(1)), id, tag));
    }

    @Override
    public Optional<Digest> putTag(RepositoryName repository, Tag tag, Digest manifest) {
        // The manifest row stays locked against deletion until commit: a concurrent delete then waits for this
        // transaction and takes the new tag with it, instead of leaving a tag on nothing.
        long id = repositoryId(repository).filter(found -> sql.queryFirst(
                "SELECT 1 FROM manifests WHERE repository_id = ? AND digest = ?" + sql.dialect().keepRowsSuffix(),
                row -> true, found, manifest).isPresent()).orElseThrow(
                () -> RegistryException.withDetail(ErrorCode.MANIFEST_UNKNOWN, "tag target is not a manifest of "
                        + repository, manifest.toString()));
        Instant now = clock.instant();
        // Read the old target under a row lock, then update it; when there is no row yet, insert one, and should
        // a concurrent transaction insert it first, go round again: its row is then there to lock.
        for (int attempt = 0; attempt < TAG_UPSERT_ATTEMPTS; attempt++) {
            Optional<Digest> previous = sql.queryFirst("SELECT digest FROM tags WHERE repository_id = ? AND name = ?"
                    + sql.dialect().lockRowsSuffix(), row -> Digest.parse(row.getString(1)), id, tag);
            if (previous.isPresent()) {
                sql.update("UPDATE tags SET digest = ?, updated_at = ? WHERE repository_id = ? AND name = ?",
                        manifest, now, id, tag);
                return previous;
            }
            if (sql.update("INSERT INTO tags (repository_id, name, digest, updated_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (repository_id, name) DO NOTHING", id, tag, manifest, now) > 0) {
                return Optional.empty();
            }
        }
        throw RegistryException.of(ErrorCode.UNKNOWN, "tag " + tag + " kept changing while being moved");
    }

    @Override
    public boolean deleteTag(RepositoryName repository, Tag tag) {
        return repositoryId(repository).map(id -> sql.update(
                "DELETE FROM tags WHERE repository_id = ? AND name = ?", id, tag) > 0).orElse(false);
    }

    @Override
    public List<Tag> tags(RepositoryName repository, Optional<Tag> after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return repositoryId(repository).map(id -> sql.query(
                "SELECT name FROM tags WHERE repository_id = ? AND name > ? ORDER BY name LIMIT ?",
                row -> new Tag(row.getString(1)), id, after.map(Tag::value).orElse(BEFORE_ALL), limit))
                .orElse(List.of());
    }

    @Override
    public List<Tag> tagsOf(RepositoryName repository, Digest manifest) {
        return repositoryId(repository).map(id -> sql.query(
                "SELECT name FROM tags WHERE repository_id = ? AND digest = ? ORDER BY name",
                row -> new Tag(row.getString(1)), id, manifest)).orElse(List.of());
    }

    // Referrers.

    @Override
    public List<Referrer> referrers(RepositoryName repository, Digest subject, Optional<String> artifactType,
                                    Optional<Digest> after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String from = after.map(Digest::toString).orElse(BEFORE_ALL);
        String select = "SELECT digest, media_type, size, artifact_type, annotations FROM manifests"
                + " WHERE repository_id = ? AND subject = ? AND digest > ?";
        return repositoryId(repository).map(id -> artifactType.isPresent()
                ? sql.query(select + " AND artifact_type = ? ORDER BY digest LIMIT ?", SqlMetadataTx::referrer,
                id, subject, from, artifactType.get(), limit)
                : sql.query(select + " ORDER BY digest LIMIT ?", SqlMetadataTx::referrer, id, subject, from, limit))
                .orElse(List.of());
    }

    private static Referrer referrer(ResultSet row) throws SQLException {
        return new Referrer(Digest.parse(row.getString(1)), row.getString(2), row.getLong(3),
                Optional.ofNullable(row.getString(4)), AnnotationsJson.read(row.getString(5)));
    }

    // Upload sessions.

    @Override
    public void putUpload(UploadSession session) {
        sql.update("INSERT INTO uploads (id, repository, algorithm, started_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET repository = excluded.repository,"
                        + " algorithm = excluded.algorithm, started_at = excluded.started_at",
                session.id(), session.repository(), session.algorithm().id(), session.startedAt());
    }

    @Override
    public Optional<UploadSession> upload(String uploadId) {
        return sql.queryFirst("SELECT id, repository, algorithm, started_at FROM uploads WHERE id = ?",
                SqlMetadataTx::uploadSession, uploadId);
    }

    @Override
    public boolean deleteUpload(String uploadId) {
        return sql.update("DELETE FROM uploads WHERE id = ?", uploadId) > 0;
    }

    @Override
    public List<UploadSession> uploadsStartedBefore(Instant cutoff, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return sql.query("SELECT id, repository, algorithm, started_at FROM uploads WHERE started_at < ?"
                + " ORDER BY started_at, id LIMIT ?", SqlMetadataTx::uploadSession, cutoff, limit);
    }

    // Whole-registry listings.

    @Override
    public List<BlobRecord> blobs(Optional<Digest> after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return sql.query("SELECT digest, size FROM blobs WHERE digest > ? ORDER BY digest LIMIT ?",
                row -> new BlobRecord(Digest.parse(row.getString(1)), row.getLong(2)),
                after.map(Digest::toString).orElse(BEFORE_ALL), limit);
    }

    @Override
    public List<Digest> linkedBlobs(RepositoryName repository, Optional<Digest> after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return repositoryId(repository).map(id -> sql.query(
                "SELECT digest FROM repository_blobs WHERE repository_id = ? AND digest > ? ORDER BY digest LIMIT ?",
                row -> Digest.parse(row.getString(1)), id, after.map(Digest::toString).orElse(BEFORE_ALL), limit))
                .orElse(List.of());
    }

    @Override
    public List<Digest> manifests(RepositoryName repository, Optional<Digest> after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return repositoryId(repository).map(id -> sql.query(
                "SELECT digest FROM manifests WHERE repository_id = ? AND digest > ? ORDER BY digest LIMIT ?",
                row -> Digest.parse(row.getString(1)), id, after.map(Digest::toString).orElse(BEFORE_ALL), limit))
                .orElse(List.of());
    }

    // Background jobs.

    @Override
    public boolean claimJobRun(String job, Instant now, Instant notBefore) {
        // A concurrent claimer waits for this row's lock, then finds the new start and updates nothing.
        return sql.update("INSERT INTO job_runs (name, started_at) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at"
                + " WHERE job_runs.started_at < ?", job, now, notBefore) > 0;
    }

    private static UploadSession uploadSession(ResultSet row) throws SQLException {
        String algorithm = row.getString(3);
        return new UploadSession(row.getString(1), new RepositoryName(row.getString(2)),
                DigestAlgorithm.fromId(algorithm).orElseThrow(() -> RegistryException.of(ErrorCode.UNKNOWN,
                        "unknown digest algorithm in the metadata database: " + algorithm)),
                EpochNanos.toInstant(row.getLong(4)));
    }

    // Repository ids.

    private Optional<Long> repositoryId(RepositoryName repository) {
        Optional<Long> known = ids.cached(repository).or(() -> Optional.ofNullable(learnedIds.get(repository)));
        if (known.isPresent()) {
            return known;
        }
        Optional<Long> found = sql.queryFirst("SELECT id FROM repositories WHERE name = ?",
                row -> row.getLong(1), repository);
        found.ifPresent(id -> learn(repository, id));
        return found;
    }

    private long ensureRepository(RepositoryName repository) {
        Optional<Long> existing = repositoryId(repository);
        if (existing.isPresent()) {
            return existing.get();
        }
        Optional<Long> inserted = sql.queryFirst(
                "INSERT INTO repositories (name) VALUES (?) ON CONFLICT (name) DO NOTHING RETURNING id",
                row -> row.getLong(1), repository);
        if (inserted.isPresent()) {
            learn(repository, inserted.get());
            return inserted.get();
        }
        // A concurrent transaction committed the same name between our SELECT and INSERT.
        return repositoryId(repository).orElseThrow(() -> RegistryException.of(ErrorCode.UNKNOWN,
                "repository " + repository + " neither found nor created"));
    }

    private void learn(RepositoryName repository, long id) {
        if (writing) {
            learnedIds.put(repository, id);
        } else {
            ids.remember(repository, id);
        }
    }

    private static String kindName(ManifestReference.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static ManifestReference.Kind kind(String name) {
        return ManifestReference.Kind.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** A manifest row before its references are read. */
    private record StoredManifest(long id, String mediaType, byte[] content, Optional<String> artifactType,
                                  Optional<String> subject, String annotations, long createdAtNanos) {
        ManifestRecord toRecord(Digest digest, List<ManifestReference> references) {
            return new ManifestRecord(digest, mediaType, content, artifactType, subject.map(Digest::parse),
                    AnnotationsJson.read(annotations), references, EpochNanos.toInstant(createdAtNanos));
        }
    }
}
