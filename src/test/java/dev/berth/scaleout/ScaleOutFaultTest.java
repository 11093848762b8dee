package dev.berth.scaleout;

import dev.berth.domain.Digest;
import dev.berth.scaleout.RetryingPusher.Failure;
import dev.berth.scaleout.RoundRobinClient.PushedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.berth.scaleout.MultiNodeTest.json;
import static dev.berth.scaleout.MultiNodeTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on PostgreSQL + S3Proxy while things break: the S3 endpoint is cut (every connection dropped, new ones
 * refused) or stalled mid-upload and mid-pull through a relay, and PostgreSQL ends the nodes' connections
 * ({@code pg_terminate_backend}) during pushes. Clients must only see retryable errors (5xx with a JSON body), no
 * acknowledged push may be lost, and nothing half-written may become visible.
 */
@Tag("slow")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ScaleOutFaultTest {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    @TempDir
    static Path dir;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.start(dir, Cluster.Blobs.S3, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void healS3() {
        cluster.s3Link().resume();
        cluster.s3Link().restore();
    }

    @Test
    void s3CutMidUpload_patchAnswers503Json_thenUploadResumesOnOtherNodeAndCommits() {
        RoundRobinClient client = new RoundRobinClient(cluster.nodes(), 0);
        byte[] blob = random(11, 900 * KIB);
        String location = client.startUpload("faults/cut-upload");
        HttpResponse<byte[]> first = client.sendTo(1, "PATCH", location, Arrays.copyOfRange(blob, 0, 300 * KIB),
                "Content-Type", "application/octet-stream", "Content-Range", "0-" + (300 * KIB - 1));
        RoundRobinClient.expect(first, 202);

        cluster.s3Link().cut();
        HttpResponse<byte[]> failed = client.sendTo(0, "PATCH", location,
                Arrays.copyOfRange(blob, 300 * KIB, 600 * KIB), "Content-Type", "application/octet-stream",
                "Content-Range", 300 * KIB + "-" + (600 * KIB - 1));
        cluster.s3Link().restore();

        assertRetryableJson(failed);
        HttpResponse<byte[]> status = client.sendTo(1, "GET", location, null);
        assertThat(status.statusCode()).isEqualTo(204);
        int stored = Integer.parseInt(status.headers().firstValue("Range").orElseThrow().split("-")[1]) + 1;
        assertThat(stored).isIn(300 * KIB, 600 * KIB);
        Digest digest = Digest.sha256(blob);
        HttpResponse<byte[]> committed = client.sendTo(1, "PUT", location + "?digest=" + digest,
                Arrays.copyOfRange(blob, stored, blob.length), "Content-Type", "application/octet-stream",
                "Content-Range", stored + "-" + (blob.length - 1));
        RoundRobinClient.expect(committed, 201);
        HttpResponse<byte[]> pulled = client.sendTo(0, "GET", "/v2/faults/cut-upload/blobs/" + digest, null);
        RoundRobinClient.expect(pulled, 200);
        assertThat(pulled.body()).isEqualTo(blob);
    }

    @Test
    void s3StalledMidUpload_patchWaitsThenCompletesAndCommits() throws Exception {
        RoundRobinClient client = new RoundRobinClient(cluster.nodes(), 0);
        byte[] blob = random(12, 1500 * KIB);
        String location = client.startUpload("faults/stall-upload");

        cluster.s3Link().stall();
        CompletableFuture<HttpResponse<byte[]>> patch = CompletableFuture.supplyAsync(() -> client.sendTo(1,
                "PATCH", location, Arrays.copyOfRange(blob, 0, MIB), "Content-Type", "application/octet-stream",
                "Content-Range", "0-" + (MIB - 1)));
        Thread.sleep(2_000);
        boolean doneWhileStalled = patch.isDone();
        cluster.s3Link().resume();

        assertThat(doneWhileStalled).isFalse();
        RoundRobinClient.expect(patch.get(60, TimeUnit.SECONDS), 202);
        Digest digest = Digest.sha256(blob);
        RoundRobinClient.expect(client.sendTo(0, "PUT", location + "?digest=" + digest,
                Arrays.copyOfRange(blob, MIB, blob.length), "Content-Type", "application/octet-stream",
                "Content-Range", MIB + "-" + (blob.length - 1)), 201);
        HttpResponse<byte[]> pulled = client.sendTo(1, "GET", "/v2/faults/stall-upload/blobs/" + digest, null);
        assertThat(pulled.body()).isEqualTo(blob);
    }

    @Test
    void s3CutMidPull_responseNeverCompletesWithWrongBytes_andPullWhileCutIs503Json() throws Exception {
        RoundRobinClient client = new RoundRobinClient(cluster.nodes(), 0);
        byte[] blob = random(13, 40 * MIB);
        Digest digest = client.pushChunked("faults/cut-pull", blob, 8 * MIB);
        HttpClient http = HttpClient.newHttpClient();
        URI uri = cluster.node(1).resolve("/v2/faults/cut-pull/blobs/" + digest);

        HttpResponse<InputStream> streaming = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(streaming.statusCode()).isEqualTo(200);
        byte[] received;
        boolean broken = false;
        try (InputStream body = streaming.body()) {
            byte[] start = body.readNBytes(MIB);
            cluster.s3Link().cut();
            byte[] rest = body.readAllBytes();
            received = concat(start, rest);
        } catch (IOException e) {
            broken = true;
            received = new byte[0];
        }
        HttpResponse<byte[]> whileCut = client.sendTo(0, "GET", "/v2/faults/cut-pull/blobs/" + digest, null);
        cluster.s3Link().restore();

        assertThat(broken || received.length < blob.length || Arrays.equals(received, blob))
                .as("a cut pull either breaks off or is complete and correct").isTrue();
        assertThat(broken || received.length < blob.length).as("the cut reached the client mid-stream").isTrue();
        assertRetryableJson(whileCut);
        HttpResponse<byte[]> again = client.sendTo(1, "GET", "/v2/faults/cut-pull/blobs/" + digest, null);
        RoundRobinClient.expect(again, 200);
        assertThat(Digest.sha256(again.body())).isEqualTo(digest);
    }

    @Test
    void postgresConnectionsKilledDuringPushes_onlyRetryableErrorsAndEveryAcknowledgedPushIntact()
            throws Exception {
        Queue<Failure> failures = RetryingPusher.failureLog();
        Map<String, PushedImage> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean pushing = new AtomicBoolean(true);
        AtomicInteger kills = new AtomicInteger();
        int pushers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(pushers + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < pushers; p++) {
                int pusher = p;
                done.add(pool.submit(() -> {
                    RetryingPusher client = new RetryingPusher(new RoundRobinClient(cluster.nodes(), pusher), failures);
                    for (int i = 0; pushing.get() || i < 2; i++) {
                        String repo = "faults/pg" + pusher;
                        PushedImage image = client.push(repo, "v" + i, json(repo + i), 64 * KIB,
                                random(pusher * 1000L + i, 200 * KIB + i));
                        acknowledged.put(repo + ":" + i, image);
                    }
                    return null;
                }));
            }
            Future<?> killer = pool.submit(() -> {
                long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (System.nanoTime() < end) {
                    kills.addAndGet(cluster.database().terminateConnections("berth%"));
                    Thread.sleep(400);
                }
                return null;
            });
            killer.get(30, TimeUnit.SECONDS);
            pushing.set(false);
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pushing.set(false);
            pool.shutdownNow();
        }

        assertThat(kills).hasValueGreaterThan(10);
        assertThat(failures).as("the kills reached the clients").isNotEmpty();
        System.out.printf("%d kills, %d failed answers (statuses %s), %d pushes acknowledged%n", kills.get(),
                failures.size(), failures.stream().map(Failure::status).distinct().toList(), acknowledged.size());
        assertThat(failures).allSatisfy(failure -> assertThat(failure.isRetryableJsonError())
                .as("%s", failure).isTrue());
        RoundRobinClient reader = new RoundRobinClient(cluster.nodes(), 0);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                RoundRobinClient.expect(reader.sendTo(0, "GET", "/v2/", null), 200));
        for (int node = 0; node < cluster.size(); node++) {
            for (PushedImage image : acknowledged.values()) {
                MultiNodeTest.verifyPresent(reader, node, image);
            }
        }
    }

    private static void assertRetryableJson(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(body).contains("\"code\":\"UNAVAILABLE\"");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
