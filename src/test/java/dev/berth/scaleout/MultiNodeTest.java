package dev.berth.scaleout;

import dev.berth.domain.Digest;
import dev.berth.metadata.BlobRecord;
import dev.berth.metadata.MetadataTx;
import dev.berth.scaleout.RoundRobinClient.PushedImage;
import dev.berth.server.Stores;
import dev.berth.storage.BlobContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three Berth nodes on one PostgreSQL database and one S3 bucket (S3Proxy), with a client that sends every request
 * of a push to another node: uploads hop between nodes, pulls go to a node that did not take the push, and
 * concurrent pushes and deletes run on all nodes. The end state is checked through every node and then blob by blob
 * in the bucket.
 */
@Tag("slow")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MultiNodeTest {
    private static final int NODES = 3;
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    @TempDir
    static Path dir;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.start(dir, Cluster.Blobs.S3, NODES);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void push_everyRequestOnTheNextNode_pulledIntactFromEveryNode() {
        RoundRobinClient client = new RoundRobinClient(cluster.nodes(), 0);
        byte[] small = random(1, 700 * KIB + 13);
        byte[] large = random(2, 21 * MIB + 5);

        PushedImage image = client.pushImage("hop/app", "v1", json("hop"), List.of(
                new RoundRobinClient.Layer(small, 96 * KIB), new RoundRobinClient.Layer(large, 6 * MIB)));

        for (int node = 0; node < NODES; node++) {
            verifyPresent(client, node, image);
        }
    }

    @Test
    void patch_sameRangeRacedOnAllNodes_exactlyOneChunkAcceptedAndCommitted() throws Exception {
        RoundRobinClient client = new RoundRobinClient(cluster.nodes(), 1);
        String location = client.startUpload("race/app");
        int racers = 9;
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            chunks.add(random(100 + i, 300 * KIB));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<HttpResponse<byte[]>>> sent = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                int racer = i;
                sent.add(pool.submit(() -> {
                    start.await();
                    return client.sendTo(racer % NODES, "PATCH", location, chunks.get(racer),
                            "Content-Type", "application/octet-stream", "Content-Range", "0-" + (300 * KIB - 1));
                }));
            }
            start.countDown();
            for (Future<HttpResponse<byte[]>> response : sent) {
                statuses.add(response.get(60, TimeUnit.SECONDS).statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        int winner = statuses.indexOf(202);

        assertThat(statuses).containsOnlyOnce(202).containsOnly(202, 416);
        Digest digest = Digest.sha256(chunks.get(winner));
        RoundRobinClient.expect(client.send("PUT", location + "?digest=" + digest, null), 201);
        for (int node = 0; node < NODES; node++) {
            HttpResponse<byte[]> blob = client.sendTo(node, "GET", "/v2/race/app/blobs/" + digest, null);
            RoundRobinClient.expect(blob, 200);
            assertThat(blob.body()).isEqualTo(chunks.get(winner));
        }
    }

    @Test
    void pushesAndDeletes_concurrentlyOnAllNodes_finalStateVerifiedBlobByBlob() throws Exception {
        int writers = 6;
        int imagesEach = 4;
        byte[] sharedBase = random(7, 1200 * KIB);
        byte[] sharedConfig = json("shared-base");
        Map<String, PushedImage> present = new ConcurrentHashMap<>();
        Map<String, PushedImage> deleted = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    RoundRobinClient client = new RoundRobinClient(cluster.nodes(), writer);
                    // Every writer pushes the same image to the same repository: one manifest, deduplicated blobs.
                    PushedImage shared = client.pushImage("shared/base", "latest", sharedConfig, 400 * KIB,
                            sharedBase);
                    present.put("shared", shared);
                    for (int i = 0; i < imagesEach; i++) {
                        String repo = "team" + (writer % 2) + "/app" + writer;
                        byte[] own = random(1000 * writer + i, 150 * KIB + 97 * i);
                        PushedImage image = client.pushImage(repo, "v" + i, json(repo + i), 64 * KIB, sharedBase,
                                own);
                        String key = repo + ":" + i;
                        if (i % 2 == 1) {
                            RoundRobinClient.expect(client.send("DELETE", "/v2/" + repo + "/manifests/"
                                    + image.digest(), null), 202);
                            deleted.put(key, image);
                        } else {
                            present.put(key, image);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(240, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        RoundRobinClient reader = new RoundRobinClient(cluster.nodes(), 0);
        assertThat(present).hasSize(1 + writers * imagesEach / 2);
        for (int node = 0; node < NODES; node++) {
            for (PushedImage image : present.values()) {
                verifyPresent(reader, node, image);
            }
            for (PushedImage image : deleted.values()) {
                assertThat(reader.sendTo(node, "GET", "/v2/" + image.repo() + "/manifests/" + image.digest(), null)
                        .statusCode()).as("deleted %s on node %d", image.digest(), node).isEqualTo(404);
                assertThat(reader.sendTo(node, "GET", "/v2/" + image.repo() + "/manifests/" + image.tag(), null)
                        .statusCode()).isEqualTo(404);
            }
        }
        verifyEveryRecordedBlobInTheBucket();
    }

    /** Every blob the database records is in the bucket, with its size, and hashes to its digest; no upload is left. */
    private static void verifyEveryRecordedBlobInTheBucket() throws IOException {
        try (Stores stores = cluster.openStores()) {
            List<BlobRecord> recorded = new ArrayList<>();
            Optional<Digest> after = Optional.empty();
            for (List<BlobRecord> page; !(page = page(stores, after)).isEmpty();
                 after = Optional.of(page.getLast().digest())) {
                recorded.addAll(page);
            }
            assertThat(recorded).isNotEmpty();
            for (BlobRecord blob : recorded) {
                assertThat(stores.blobs().size(blob.digest())).as("size of %s", blob.digest()).contains(blob.size());
                try (BlobContent content = stores.blobs().read(blob.digest(), 0, blob.size())) {
                    assertThat(sha256(((BlobContent.Stream) content).stream())).isEqualTo(blob.digest().hex());
                }
            }
            assertThat(stores.metadata().read((MetadataTx tx) -> tx.uploadsStartedBefore(Instant.now().plusSeconds(60),
                    10))).isEmpty();
        }
    }

    private static List<BlobRecord> page(Stores stores, Optional<Digest> after) {
        return stores.metadata().read((MetadataTx tx) -> tx.blobs(after, 50));
    }

    static void verifyPresent(RoundRobinClient client, int node, PushedImage image) {
        for (String reference : List.of(image.tag(), image.digest().toString())) {
            HttpResponse<byte[]> manifest = client.sendTo(node, "GET", "/v2/" + image.repo() + "/manifests/"
                    + reference, null, "Accept", RoundRobinClient.OCI_MANIFEST);
            RoundRobinClient.expect(manifest, 200);
            assertThat(manifest.body()).isEqualTo(image.manifest());
            assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(image.digest().toString());
        }
        List<byte[]> blobs = new ArrayList<>(image.layers());
        blobs.add(image.config());
        for (byte[] blob : blobs) {
            HttpResponse<byte[]> pulled = client.sendTo(node, "GET", "/v2/" + image.repo() + "/blobs/"
                    + Digest.sha256(blob), null);
            RoundRobinClient.expect(pulled, 200);
            assertThat(Digest.sha256(pulled.body())).isEqualTo(Digest.sha256(blob));
        }
    }

    static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] json(String seed) {
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"" + seed + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[256 * KIB];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
