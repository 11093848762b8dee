package dev.berth.migration;

import dev.berth.domain.Digest;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.BlobRecord;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataTx;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Copies one installation into another (typically a single node's directory and SQLite file into S3 and
 * PostgreSQL): every recorded blob, byte for byte and verified against its digest while it streams, then every
 * repository's blob links, manifests (exact bytes, digest checked) and tags.
 *
 * <p>Resumable and idempotent: a blob already in the target with its size is not copied again (bytes only ever
 * reach a blob store under their digest after verification), and every metadata write is an upsert, so running
 * again after an interruption finishes the job and running again after success changes nothing. It copies; it
 * does not delete: what was removed from the source after an earlier run stays in the target. Upload sessions in
 * progress are not copied. A problem with one blob (missing or corrupt in the source) is reported and the rest
 * goes on; a target that cannot be reached stops the run with {@code UNAVAILABLE}.
 */
public final class Migration {
    private static final int PAGE = 500;
    private static final int BUFFER = 256 * 1024;

    private final BlobStore sourceBlobs;
    private final MetadataStore sourceMetadata;
    private final BlobStore targetBlobs;
    private final MetadataStore targetMetadata;
    private final MigrationListener listener;
    private final int parallelism;
    private final boolean verifyExisting;

    /**
     * @param parallelism    blobs copied at the same time
     * @param verifyExisting re-read blobs already in the target and check their digest instead of trusting their size
     */
    public Migration(BlobStore sourceBlobs, MetadataStore sourceMetadata, BlobStore targetBlobs,
                     MetadataStore targetMetadata, MigrationListener listener, int parallelism,
                     boolean verifyExisting) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.sourceBlobs = sourceBlobs;
        this.sourceMetadata = sourceMetadata;
        this.targetBlobs = targetBlobs;
        this.targetMetadata = targetMetadata;
        this.listener = listener;
        this.parallelism = parallelism;
        this.verifyExisting = verifyExisting;
    }

    public MigrationSummary run() {
        long started = System.nanoTime();
        Counts counts = new Counts();
        listener.blobsToCheck(countBlobs());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism,
                Thread.ofPlatform().daemon().name("berth-migrate-", 0).factory());
        try {
            Optional<Digest> after = Optional.empty();
            for (List<BlobRecord> page; !(page = sourceMetadata.read(blobPage(after))).isEmpty();
                 after = Optional.of(page.getLast().digest())) {
                copyBlobs(page, pool, counts);
            }
        } finally {
            pool.shutdownNow();
        }
        listener.blobsFinished();
        Optional<RepositoryName> after = Optional.empty();
        for (List<RepositoryName> page; !(page = repositoryPage(after)).isEmpty();
             after = Optional.of(page.getLast())) {
            for (RepositoryName repository : page) {
                copyRepository(repository, counts);
            }
        }
        return new MigrationSummary(counts.copied.get(), counts.bytes.get(), counts.alreadyThere.get(),
                counts.repositories.get(), counts.manifests.get(), counts.tags.get(), List.copyOf(counts.failures),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private long countBlobs() {
        long count = 0;
        Optional<Digest> after = Optional.empty();
        for (List<BlobRecord> page; !(page = sourceMetadata.read(blobPage(after))).isEmpty();
             after = Optional.of(page.getLast().digest())) {
            count += page.size();
        }
        return count;
    }

    private static Function<MetadataTx, List<BlobRecord>> blobPage(Optional<Digest> after) {
        return tx -> tx.blobs(after, PAGE);
    }

    private List<RepositoryName> repositoryPage(Optional<RepositoryName> after) {
        return sourceMetadata.read(tx -> tx.repositories(after, PAGE));
    }

    // Blobs.

    private void copyBlobs(List<BlobRecord> page, ExecutorService pool, Counts counts) {
        List<Future<Boolean>> copies = new ArrayList<>(page.size());
        for (BlobRecord blob : page) {
            copies.add(pool.submit(() -> copyBlob(blob, counts)));
        }
        List<BlobRecord> present = new ArrayList<>(page.size());
        RuntimeException targetFailure = null;
        for (int i = 0; i < page.size(); i++) {
            try {
                if (copies.get(i).get()) {
                    present.add(page.get(i));
                }
            } catch (ExecutionException e) {
                if (targetFailure == null) {
                    targetFailure = e.getCause() instanceof RuntimeException runtime ? runtime
                            : RegistryException.internal("blob copy failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryException.unavailable("interrupted while copying blobs", e);
            }
        }
        // Blobs copied before a failure are recorded anyway, so a rerun skips them.
        targetMetadata.write(tx -> {
            present.forEach(blob -> tx.putBlob(blob.digest(), blob.size()));
            return null;
        });
        if (targetFailure != null) {
            throw targetFailure;
        }
    }

    /** True when the blob is in the target afterwards; source problems are recorded, target problems thrown. */
    private boolean copyBlob(BlobRecord blob, Counts counts) {
        Digest digest = blob.digest();
        Optional<Long> inTarget = targetBlobs.size(digest);
        if (inTarget.isPresent() && inTarget.get() == blob.size()
                && (!verifyExisting || hashOf(targetBlobs, blob).equals(digest))) {
            counts.alreadyThere.incrementAndGet();
            listener.blobAlreadyThere(digest, blob.size());
            return true;
        }
        Optional<Long> inSource = sourceBlobs.size(digest);
        if (inSource.isEmpty() || inSource.get() != blob.size()) {
            return failed(counts, digest, inSource.isEmpty() ? "missing from the source blob store"
                    : "source holds " + inSource.get() + " bytes, the metadata records " + blob.size());
        }
        BlobUpload upload = targetBlobs.createUpload(UUID.randomUUID().toString());
        boolean committed = false;
        try {
            MessageDigest hash = digest.algorithm().newMessageDigest();
            long appended;
            try (BlobContent content = sourceBlobs.read(digest, 0, blob.size());
                 InputStream in = stream(content)) {
                appended = upload.append(in, hash::update);
            } catch (IOException | UncheckedIOException e) {
                return failed(counts, digest, "unreadable in the source: " + e.getMessage());
            }
            Digest actual = Digest.of(digest.algorithm(), hash.digest());
            if (appended != blob.size() || !actual.equals(digest)) {
                return failed(counts, digest, "corrupt in the source: " + appended + " bytes hashing to " + actual);
            }
            upload.commit(digest);
            committed = true;
        } finally {
            if (!committed) {
                upload.cancel();
            }
        }
        counts.copied.incrementAndGet();
        counts.bytes.addAndGet(blob.size());
        listener.blobCopied(digest, blob.size());
        return true;
    }

    private boolean failed(Counts counts, Digest digest, String reason) {
        counts.failures.add(digest + ": " + reason);
        listener.blobFailed(digest, reason);
        return false;
    }

    private static Digest hashOf(BlobStore store, BlobRecord blob) {
        MessageDigest hash = blob.digest().algorithm().newMessageDigest();
        byte[] buffer = new byte[BUFFER];
        try (BlobContent content = store.read(blob.digest(), 0, blob.size()); InputStream in = stream(content)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                hash.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw RegistryException.unavailable("cannot re-read " + blob.digest() + " in the target", e);
        }
        return Digest.of(blob.digest().algorithm(), hash.digest());
    }

    private static InputStream stream(BlobContent content) throws IOException {
        return switch (content) {
            case BlobContent.Stream stream -> stream.stream();
            case BlobContent.LocalFile file -> {
                FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ);
                channel.position(file.offset());
                yield Channels.newInputStream(channel);
            }
        };
    }

    // Repositories.

    private void copyRepository(RepositoryName repository, Counts counts) {
        Optional<Digest> afterLink = Optional.empty();
        for (List<Digest> links; !(links = sourceMetadata.read(linkPage(repository, afterLink))).isEmpty();
             afterLink = Optional.of(links.getLast())) {
            List<Digest> page = links;
            List<Digest> unknown = targetMetadata.write(tx -> {
                List<Digest> notStored = new ArrayList<>();
                for (Digest digest : page) {
                    if (tx.blobSize(digest).isPresent()) {
                        tx.linkBlob(repository, digest);
                    } else {
                        notStored.add(digest);
                    }
                }
                return notStored;
            });
            unknown.forEach(digest -> counts.failures.add(repository + ": link to " + digest
                    + " skipped, the blob is not in the target"));
        }
        int manifests = 0;
        Optional<Digest> afterManifest = Optional.empty();
        for (List<Digest> digests; !(digests = sourceMetadata.read(manifestPage(repository, afterManifest))).isEmpty();
             afterManifest = Optional.of(digests.getLast())) {
            List<ManifestRecord> records = new ArrayList<>(digests.size());
            for (Digest digest : digests) {
                sourceMetadata.read(tx -> tx.manifest(repository, digest)).ifPresent(record -> {
                    Digest actual = Digest.of(digest.algorithm(),
                            digest.algorithm().newMessageDigest().digest(record.content()));
                    if (actual.equals(digest)) {
                        records.add(record);
                    } else {
                        counts.failures.add(repository + "@" + digest + ": manifest bytes hash to " + actual
                                + "; not copied");
                    }
                });
            }
            targetMetadata.write(tx -> {
                records.forEach(record -> tx.putManifest(repository, record));
                return null;
            });
            manifests += records.size();
        }
        int tags = 0;
        Optional<Tag> afterTag = Optional.empty();
        for (List<Tag> names; !(names = sourceMetadata.read(tagPage(repository, afterTag))).isEmpty();
             afterTag = Optional.of(names.getLast())) {
            List<Tag> page = names;
            List<TagTarget> targets = sourceMetadata.read(tx -> {
                List<TagTarget> found = new ArrayList<>();
                for (Tag tag : page) {
                    tx.tag(repository, tag).ifPresent(digest -> found.add(new TagTarget(tag, digest)));
                }
                return found;
            });
            List<String> problems = targetMetadata.write(tx -> {
                List<String> refused = new ArrayList<>();
                for (TagTarget target : targets) {
                    if (tx.manifestExists(repository, target.manifest())) {
                        tx.putTag(repository, target.tag(), target.manifest());
                    } else {
                        refused.add(repository + ":" + target.tag().value() + " skipped, its manifest "
                                + target.manifest() + " was not copied");
                    }
                }
                return refused;
            });
            counts.failures.addAll(problems);
            tags += targets.size() - problems.size();
        }
        counts.repositories.incrementAndGet();
        counts.manifests.addAndGet(manifests);
        counts.tags.addAndGet(tags);
        listener.repositoryCopied(repository, manifests, tags);
    }

    private static Function<MetadataTx, List<Digest>> linkPage(RepositoryName repository,
                                                                                 Optional<Digest> after) {
        return tx -> tx.linkedBlobs(repository, after, PAGE);
    }

    private static Function<MetadataTx, List<Digest>> manifestPage(RepositoryName repository,
                                                                                     Optional<Digest> after) {
        return tx -> tx.manifests(repository, after, PAGE);
    }

    private static Function<MetadataTx, List<Tag>> tagPage(RepositoryName repository,
                                                                             Optional<Tag> after) {
        return tx -> tx.tags(repository, after, PAGE);
    }

    private record TagTarget(Tag tag, Digest manifest) {
    }

    private static final class Counts {
        final AtomicLong copied = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong alreadyThere = new AtomicLong();
        final AtomicLong repositories = new AtomicLong();
        final AtomicLong manifests = new AtomicLong();
        final AtomicLong tags = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    }
}
