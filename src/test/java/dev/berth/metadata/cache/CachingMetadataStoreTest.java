package dev.berth.metadata.cache;

import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.MediaTypes;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataTx;
import dev.berth.metadata.UploadSession;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.SqliteMetadataStore;
import dev.berth.domain.DigestAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CachingMetadataStoreTest {
    private static final RepositoryName REPO = new RepositoryName("team/app");
    private static final Tag LATEST = new Tag("latest");

    @TempDir
    Path dir;
    private CountingStore database;
    private CachingMetadataStore store;

    @BeforeEach
    void open() {
        database = new CountingStore(SqliteMetadataStore.open(dir.resolve("metadata.db"), SqliteDurability.NORMAL));
        store = new CachingMetadataStore(database, 1L << 20);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void read_repeated_answeredFromMemoryAfterTheFirst() {
        ManifestRecord v1 = push("v1");

        for (int i = 0; i < 5; i++) {
            assertThat(store.read((MetadataTx tx) -> tx.tag(REPO, LATEST).flatMap(d -> tx.manifest(REPO, d)))).contains(v1);
        }

        assertThat(database.reads.get()).isEqualTo(1);
    }

    @Test
    void read_afterTagMoved_seesTheNewTarget() {
        push("v1");
        store.read((MetadataTx tx) -> tx.tag(REPO, LATEST));

        ManifestRecord v2 = push("v2");

        assertThat(store.read((MetadataTx tx) -> tx.tag(REPO, LATEST))).contains(v2.digest());
        assertThat(store.read((MetadataTx tx) -> tx.tags(REPO, Optional.empty(), 10))).containsExactly(LATEST);
    }

    @Test
    void read_afterDelete_seesItGone() {
        ManifestRecord v1 = push("v1");
        assertThat(store.read((MetadataTx tx) -> tx.manifestExists(REPO, v1.digest()))).isTrue();

        store.write(tx -> tx.deleteManifest(REPO, v1.digest()));

        assertThat(store.read((MetadataTx tx) -> tx.manifestExists(REPO, v1.digest()))).isFalse();
        assertThat(store.read((MetadataTx tx) -> tx.tag(REPO, LATEST))).isEmpty();
    }

    @Test
    void write_ofUploadSessionsOnly_keepsCachedAnswers() {
        push("v1");
        store.read((MetadataTx tx) -> tx.tag(REPO, LATEST));
        int before = database.reads.get();

        store.write(tx -> {
            tx.putUpload(new UploadSession("u1", REPO, DigestAlgorithm.SHA256, Instant.EPOCH));
            return null;
        });
        store.read((MetadataTx tx) -> tx.tag(REPO, LATEST));

        assertThat(database.reads.get()).isEqualTo(before);
    }

    @Test
    void write_thatFails_stillOutdatesCachedAnswers() {
        ManifestRecord v1 = push("v1");
        store.read((MetadataTx tx) -> tx.tag(REPO, LATEST));

        assertThatThrownBy(() -> store.write(tx -> {
            tx.deleteTag(REPO, LATEST);
            throw RegistryException.of(ErrorCode.UNKNOWN, "changed my mind");
        })).isInstanceOf(RegistryException.class);
        int before = database.reads.get();

        assertThat(store.read((MetadataTx tx) -> tx.tag(REPO, LATEST))).contains(v1.digest());
        assertThat(database.reads.get()).isEqualTo(before + 1);
    }

    @Test
    void read_withUncachedCall_runsOnTheDatabase() {
        store.write(tx -> {
            tx.putUpload(new UploadSession("u1", REPO, DigestAlgorithm.SHA256, Instant.EPOCH));
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.upload("u1"))).isPresent();
        assertThat(store.read((MetadataTx tx) -> tx.upload("u1"))).isPresent();

        assertThat(database.reads.get()).isEqualTo(2);
    }

    @Test
    void read_whoseWorkSwallowsTheMiss_isStillRunOnTheDatabase() {
        ManifestRecord v1 = push("v1");

        Optional<Digest> seen = store.read((MetadataTx tx) -> {
            try {
                return tx.tag(REPO, LATEST);
            } catch (RuntimeException swallowed) {
                return Optional.empty();
            }
        });

        assertThat(seen).contains(v1.digest());
    }

    @Test
    void read_failingOnCachedFacts_throwsWithoutTheDatabase() {
        push("v1");
        Function<MetadataTx, Digest> resolve = tx -> tx.tag(REPO, new Tag("missing"))
                .orElseThrow(() -> RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no such tag"));
        assertThatThrownBy(() -> store.read(resolve)).isInstanceOf(RegistryException.class);
        int before = database.reads.get();

        assertThatThrownBy(() -> store.read(resolve)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("no such tag");
        assertThat(database.reads.get()).isEqualTo(before);
    }

    @Test
    void read_duringAWrite_isNotCached() throws Exception {
        ManifestRecord v1 = push("v1");
        ManifestRecord v2 = manifest("v2");
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> store.write(tx -> {
            tx.putManifest(REPO, v2);
            tx.putTag(REPO, LATEST, v2.digest());
            writing.countDown();
            await(release);
            return null;
        }));
        writing.await();

        // Read while the write is open: the old state, which must not outlive the write in the cache.
        assertThat(store.read((MetadataTx tx) -> tx.tag(REPO, LATEST))).contains(v1.digest());
        release.countDown();
        writer.get(30, TimeUnit.SECONDS);

        assertThat(store.read((MetadataTx tx) -> tx.tag(REPO, LATEST))).contains(v2.digest());
    }

    @Test
    void cache_overItsSize_evictsButStaysCorrect() {
        CachingMetadataStore small = new CachingMetadataStore(database, 4096);
        for (int i = 0; i < 50; i++) {
            ManifestRecord m = manifest("m" + i);
            small.write(tx -> {
                tx.putManifest(REPO, m);
                return tx.putTag(REPO, new Tag("t" + m.digest().hex().substring(0, 8)), m.digest());
            });
        }
        List<Tag> tags = small.read((MetadataTx tx) -> tx.tags(REPO, Optional.empty(), 100));
        for (Tag tag : tags) {
            Digest target = small.read((MetadataTx tx) -> tx.tag(REPO, tag)).orElseThrow();
            assertThat(small.read((MetadataTx tx) -> tx.manifest(REPO, target))).isPresent();
        }
        assertThat(tags).hasSize(50);
    }

    @Test
    void newStore_withoutPositiveSize_isRefused() {
        assertThatThrownBy(() -> new CachingMetadataStore(database, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private ManifestRecord push(String seed) {
        ManifestRecord m = manifest(seed);
        store.write(tx -> {
            tx.putManifest(REPO, m);
            return tx.putTag(REPO, LATEST, m.digest());
        });
        return m;
    }

    private static ManifestRecord manifest(String seed) {
        byte[] content = ("{\"schemaVersion\":2,\"seed\":\"" + seed + "\"}").getBytes(StandardCharsets.UTF_8);
        return new ManifestRecord(Digest.sha256(content), MediaTypes.OCI_MANIFEST, content, Optional.empty(),
                Optional.empty(), Map.of(), List.of(), Instant.EPOCH);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The real store, counting the read transactions it opens. */
    private static final class CountingStore implements MetadataStore {
        private final MetadataStore delegate;
        final AtomicInteger reads = new AtomicInteger();

        CountingStore(MetadataStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T write(Function<MetadataTx, T> work) {
            return delegate.write(work);
        }

        @Override
        public <T> T read(Function<MetadataTx, T> work) {
            reads.incrementAndGet();
            return delegate.read(work);
        }

        @Override
        public void ping() {
            delegate.ping();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
