package dev.berth.migration;

import dev.berth.testing.ForwardingBlobStore;
import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.BlobRecord;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataTx;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.SqliteMetadataStore;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;
import dev.berth.storage.fs.FileBlobStore;
import dev.berth.testing.OciClient;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migration from a single node's directory (filesystem blobs + SQLite) into another installation, here a second
 * directory so the test needs no server; {@code MigrateCommandTest} does the same into S3 + PostgreSQL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrationTest {
    @TempDir
    Path dir;
    private Path source;
    private Digest image;
    private Digest sharedLayer;

    @BeforeEach
    void populateSource() {
        source = dir.resolve("source");
        try (TestRegistry registry = TestRegistry.start(source)) {
            OciClient client = new OciClient(registry);
            byte[] layer = random(1, 300_000);
            image = client.pushImage("team/app", "v1", json("app"), layer, random(2, 5_000));
            client.pushImage("team/app", "v2", json("app2"), random(3, 70_000));
            sharedLayer = Digest.sha256(layer);
            client.pushImage("other/tool", "latest", json("tool"), layer);
            client.pushBlob("loose/blobs", random(4, 1_000));
            String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                    + "\"manifests\":[" + OciClient.descriptor("application/vnd.oci.image.manifest.v1+json", image,
                    manifestSize(client, "team/app", image)) + "]}";
            client.pushManifest("team/app", "multi", "application/vnd.oci.image.index.v1+json",
                    index.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void run_freshTarget_copiesEveryBlobAndAllMetadataVerified() {
        MigrationSummary summary;
        try (Installation from = Installation.open(source); Installation to = Installation.open(dir.resolve("target"))) {
            summary = migrate(from, to.blobs, to);

            assertThat(summary.complete()).as("%s", summary.failures()).isTrue();
            assertThat(summary.blobsAlreadyThere()).isZero();
            assertThat(summary.blobsCopied()).isEqualTo(from.blobRecords().size());
            assertThat(summary.repositories()).isEqualTo(3);
            assertThat(summary.manifests()).isEqualTo(4);
            assertThat(summary.tags()).isEqualTo(4);
            assertSameContent(from, to);
        }
    }

    @Test
    void run_again_copiesNothingAndChangesNothing() {
        try (Installation from = Installation.open(source); Installation to = Installation.open(dir.resolve("target"))) {
            MigrationSummary first = migrate(from, to.blobs, to);

            MigrationSummary second = migrate(from, to.blobs, to);

            assertThat(second.complete()).isTrue();
            assertThat(second.blobsCopied()).isZero();
            assertThat(second.blobsAlreadyThere()).isEqualTo(first.blobsCopied());
            assertSameContent(from, to);
        }
    }

    @Test
    void run_targetFailsMidway_throwsUnavailableAndNextRunFinishesWithoutCopyingAgain() {
        try (Installation from = Installation.open(source); Installation to = Installation.open(dir.resolve("target"))) {
            int total = from.blobRecords().size();
            FailingAfter failing = new FailingAfter(to.blobs, 3);

            assertThatThrownBy(() -> new Migration(from.blobs, from.metadata, failing, to.metadata,
                    MigrationListener.NONE, 1, false).run())
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            MigrationSummary resumed = migrate(from, to.blobs, to);

            assertThat(resumed.complete()).isTrue();
            assertThat(resumed.blobsAlreadyThere()).isEqualTo(3);
            assertThat(resumed.blobsCopied()).isEqualTo(total - 3);
            assertSameContent(from, to);
        }
    }

    @Test
    void run_corruptBlobInSource_reportedNotCopiedAndTheRestMigrated() throws IOException {
        Path layerFile = source.resolve("blobs-root/blobs/sha256").resolve(sharedLayer.hex().substring(0, 2))
                .resolve(sharedLayer.hex());
        byte[] bytes = Files.readAllBytes(layerFile);
        bytes[1000] ^= 1;
        Files.write(layerFile, bytes);

        try (Installation from = Installation.open(source); Installation to = Installation.open(dir.resolve("target"))) {
            MigrationSummary summary = migrate(from, to.blobs, to);

            assertThat(summary.complete()).isFalse();
            assertThat(summary.failures()).anySatisfy(f -> assertThat(f).startsWith(sharedLayer + ": corrupt"));
            assertThat(to.blobs.size(sharedLayer)).isEmpty();
            assertThat(summary.blobsCopied()).isEqualTo(from.blobRecords().size() - 1);
            assertThat(to.metadata.read((MetadataTx tx) -> tx.tag(new RepositoryName("team/app"), new Tag("v2"))))
                    .isPresent();
        }
    }

    private static MigrationSummary migrate(Installation from, BlobStore targetBlobs, Installation to) {
        return new Migration(from.blobs, from.metadata, targetBlobs, to.metadata, MigrationListener.NONE, 3, true)
                .run();
    }

    /** Everything the registry can show is equal: blobs (bytes), links, manifests (bytes and records) and tags. */
    private static void assertSameContent(Installation from, Installation to) {
        assertThat(to.blobRecords()).isEqualTo(from.blobRecords());
        for (BlobRecord blob : from.blobRecords()) {
            assertThat(to.bytes(blob)).isEqualTo(from.bytes(blob));
        }
        assertThat(to.snapshot()).isEqualTo(from.snapshot());
    }

    private static long manifestSize(OciClient client, String repo, Digest digest) {
        return client.get("/v2/" + repo + "/manifests/" + digest, "Accept",
                "application/vnd.oci.image.manifest.v1+json").body().length;
    }

    private static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] json(String seed) {
        return ("{\"seed\":\"" + seed + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A directory laid out as {@link TestRegistry} leaves it. */
    private record Installation(BlobStore blobs, MetadataStore metadata) implements AutoCloseable {
        static Installation open(Path dataDir) {
            return new Installation(new FileBlobStore(dataDir.resolve("blobs-root")),
                    SqliteMetadataStore.open(dataDir.resolve("metadata.db"), SqliteDurability.NORMAL));
        }

        List<BlobRecord> blobRecords() {
            return metadata.read(tx -> tx.blobs(Optional.empty(), 10_000));
        }

        byte[] bytes(BlobRecord blob) {
            try (BlobContent content = blobs.read(blob.digest(), 0, blob.size())) {
                return Files.readAllBytes(((BlobContent.LocalFile) content).path());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** Repositories with their links, manifest records and tags, in order. */
        Map<String, Object> snapshot() {
            return metadata.read(tx -> {
                Map<String, Object> all = new LinkedHashMap<>();
                for (RepositoryName repository : tx.repositories(Optional.empty(), 100)) {
                    all.put(repository + " links", tx.linkedBlobs(repository, Optional.empty(), 100));
                    List<Object> manifests = new ArrayList<>();
                    for (Digest digest : tx.manifests(repository, Optional.empty(), 100)) {
                        manifests.add(tx.manifest(repository, digest).orElseThrow());
                    }
                    all.put(repository + " manifests", manifests);
                    List<String> tags = new ArrayList<>();
                    for (Tag tag : tx.tags(repository, Optional.empty(), 100)) {
                        tags.add(tag.value() + "=" + tx.tag(repository, tag).orElseThrow());
                    }
                    all.put(repository + " tags", tags);
                }
                return all;
            });
        }

        @Override
        public void close() {
            metadata.close();
            blobs.close();
        }
    }

    /** A target blob store that becomes unreachable after some commits, as a network outage would. */
    private static final class FailingAfter extends ForwardingBlobStore {
        private final AtomicInteger commitsLeft;

        FailingAfter(BlobStore delegate, int commits) {
            super(delegate);
            this.commitsLeft = new AtomicInteger(commits);
        }

        @Override
        public BlobUpload createUpload(String uploadId) {
            if (commitsLeft.getAndDecrement() <= 0) {
                throw RegistryException.unavailable("target went away", new IOException("connection refused"));
            }
            return super.createUpload(uploadId);
        }
    }
}
