package dev.berth.metadata.sql;

import dev.berth.testing.PostgresTestDatabase;
import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataStoreContract;
import dev.berth.metadata.MetadataTx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract against the test PostgreSQL ({@link PostgresTestDatabase}: 127.0.0.1:5432 or what {@code .ci/run}
 * prepares), in a database of this class's own that is dropped afterwards. Without a reachable server the class is skipped, except in CI.
 */
class PostgresMetadataStoreTest extends MetadataStoreContract {
    private static final int POOL_SIZE = 8;
    private static PostgresTestDatabase server;

    @BeforeAll
    static void createDatabase() {
        server = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected MetadataStore newStore() {
        MetadataStore opened = open();
        try (Connection connection = server.connect();
             Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE repositories, blobs, repository_blobs, manifests, manifest_references, tags,"
                    + " uploads, job_runs RESTART IDENTITY");
        } catch (SQLException e) {
            opened.close();
            throw new AssertionError("cannot empty the test database", e);
        }
        return opened;
    }

    @Test
    void open_unreachableServer_throwsUnavailable() {
        assertThatThrownBy(() -> PostgresMetadataStore.open("jdbc:postgresql://127.0.0.1:1/berth", server.user(), server.password(), 2))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void open_secondNodeOnMigratedDatabase_sharesTheData() {
        ManifestRecord manifest = image("shared");
        store.write(tx -> {
            tx.putManifest(repo("r"), manifest);
            return tx.putTag(repo("r"), new Tag("latest"), manifest.digest());
        });

        try (MetadataStore otherNode = open()) {
            assertThat(otherNode.read((MetadataTx tx) -> tx.manifest(repo("r"), manifest.digest()))).contains(manifest);
            assertThat(otherNode.read((MetadataTx tx) -> tx.tag(repo("r"), new Tag("latest"))))
                    .contains(manifest.digest());
        }
    }

    @Test
    void write_twoNodesRacingOnSameManifestTagAndRepository_convergeWithoutErrors() throws Exception {
        ManifestRecord shared = image("shared");
        List<ManifestRecord> own = IntStream.range(0, 16).mapToObj(i -> image("own" + i)).toList();
        try (MetadataStore otherNode = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    MetadataStore node = i % 2 == 0 ? store : otherNode;
                    ManifestRecord mine = own.get(i);
                    done.add(pool.submit(() -> {
                        for (int round = 0; round < 5; round++) {
                            RepositoryName linked = repo("race/" + (round % 2));
                            node.write(tx -> {
                                tx.putBlob(digest("layer"), 3);
                                tx.linkBlob(linked, digest("layer"));
                                tx.putManifest(repo("race/0"), shared);
                                tx.putManifest(repo("race/0"), mine);
                                return tx.putTag(repo("race/0"), new Tag("latest"), mine.digest());
                            });
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("race/0"), shared.digest()))).contains(shared);
        assertThat(own).extracting(ManifestRecord::digest)
                .contains(store.read((MetadataTx tx) -> tx.tag(repo("race/0"), new Tag("latest"))).orElseThrow());
        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 10)))
                .containsExactly(repo("race/0"), repo("race/1"));
    }

    @Test
    void write_deadlockBetweenTwoTransactions_loserRunsAgainAndBothCommit() throws Exception {
        ManifestRecord a = image("a");
        ManifestRecord b = image("b");
        store.write(tx -> {
            tx.putManifest(repo("r"), a);
            tx.putManifest(repo("r"), b);
            tx.putTag(repo("r"), new Tag("x"), a.digest());
            return tx.putTag(repo("r"), new Tag("y"), a.digest());
        });
        CyclicBarrier bothHoldOneLock = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Optional<Digest>>> moves = new ArrayList<>();
            for (List<String> order : List.of(List.of("x", "y"), List.of("y", "x"))) {
                moves.add(pool.submit(() -> store.write(tx -> {
                    boolean firstRound = attempts.incrementAndGet() <= 2;
                    tx.putTag(repo("r"), new Tag(order.get(0)), b.digest());
                    if (firstRound) {
                        awaitQuietly(bothHoldOneLock);
                    }
                    return tx.putTag(repo("r"), new Tag(order.get(1)), b.digest());
                })));
            }
            for (Future<Optional<Digest>> move : moves) {
                move.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(attempts).hasValueGreaterThanOrEqualTo(3);
        assertThat(store.read((MetadataTx tx) -> List.of(tx.tag(repo("r"), new Tag("x")), tx.tag(repo("r"), new Tag("y")))))
                .containsOnly(Optional.of(b.digest()));
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other transaction never took its first lock", e);
        }
    }

    private static MetadataStore open() {
        return PostgresMetadataStore.open(server.url(), server.user(), server.password(), POOL_SIZE);
    }
}
