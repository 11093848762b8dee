package dev.berth.faults;

import dev.berth.domain.Digest;
import dev.berth.testing.OciClient;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 200 clients at once (issue 2: "200 concurrent clients pulling and pushing exhaust neither threads nor file
 * descriptors"). Each keeps one connection, pushes a blob and an image, pulls a shared blob and its own image. The
 * server runs in this process, so its platform threads and open descriptors are measured directly: the peak stays
 * bounded while 200 connections are open, and the descriptors return to the baseline once the clients leave.
 */
@Tag("slow")
class LoadTest {
    private static final int CLIENTS = 200;
    private static final int ROUNDS_PER_CLIENT = 2;
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /**
     * Jetty's pool is capped at 64 platform threads (HttpSettings.local); handlers run on virtual threads, whose
     * carrier pool may add a few threads while file I/O blocks. Anything near one thread per client is a leak.
     */
    private static final int THREAD_GROWTH_LIMIT = 100;
    private static final int DESCRIPTOR_SLACK = 10;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoHundredClients_pushingAndPullingAtOnce_allSucceedWithBoundedThreadsAndDescriptors() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dir)) {
            OciClient setup = new OciClient(registry);
            byte[] shared = random(1024 * 1024);
            Digest sharedDigest = setup.pushBlob("load/shared", shared);
            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
            setup.pushImage("load/shared", "warm", config, random(1000));
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long baselineDescriptors = openDescriptors();
            int baselineThreads = threads.getThreadCount();

            Queue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger finished = new AtomicInteger();
            AtomicInteger peakThreads = new AtomicInteger(baselineThreads);
            AtomicInteger peakDescriptors = new AtomicInteger((int) baselineDescriptors);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().daemon().name("load-sampler").start(() -> {
                while (running.get()) {
                    peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
                    peakDescriptors.accumulateAndGet((int) openDescriptors(), Math::max);
                    sleep(20);
                }
            });
            CountDownLatch allConnected = new CountDownLatch(CLIENTS);
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < CLIENTS; i++) {
                    int client = i;
                    clients.submit(() -> {
                        try (KeepAliveConnection connection = connect(registry.port(), allConnected)) {
                            allConnected.await(30, TimeUnit.SECONDS);
                            for (int round = 0; round < ROUNDS_PER_CLIENT; round++) {
                                pushAndPull(connection, "load/c" + client % 20, "c" + client + "-" + round,
                                        config, shared, sharedDigest);
                            }
                            finished.incrementAndGet();
                        } catch (Exception | AssertionError e) {
                            failures.add("client " + client + ": " + e);
                        }
                    });
                }
            } finally {
                running.set(false);
                sampler.join();
            }

            assertThat(failures).isEmpty();
            assertThat(finished).hasValue(CLIENTS);
            assertThat(peakDescriptors.get()).as("descriptors while 200 clients were connected")
                    .isGreaterThanOrEqualTo((int) baselineDescriptors + CLIENTS);
            assertThat(peakThreads.get() - baselineThreads).as("platform threads added under load (baseline %d)",
                    baselineThreads).isLessThanOrEqualTo(THREAD_GROWTH_LIMIT);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(openDescriptors())
                    .as("open descriptors after the clients left (baseline %d)", baselineDescriptors)
                    .isLessThanOrEqualTo(baselineDescriptors + DESCRIPTOR_SLACK));
            assertThat(setup.get("/v2/load/c7/tags/list").statusCode()).isEqualTo(200);
            System.out.printf("load test: %d clients, peak %d platform threads (baseline %d), peak %d descriptors "
                    + "(baseline %d)%n", CLIENTS, peakThreads.get(), baselineThreads, peakDescriptors.get(),
                    baselineDescriptors);
        }
    }

    /** One client's round: push a blob and an image over it, pull the image back, pull the shared blob. */
    private static void pushAndPull(KeepAliveConnection connection, String repository, String tag, byte[] config,
                                    byte[] shared, Digest sharedDigest) {
        assertThat(connection.exchange("GET", "/v2/", new byte[0]).status()).isEqualTo(200);
        byte[] layer = random(ThreadLocalRandom.current().nextInt(1024, 64 * 1024));
        Digest layerDigest = pushBlob(connection, repository, layer);
        Digest configDigest = pushBlob(connection, repository, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                + OciClient.descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.length)
                + ",\"layers\":[" + OciClient.descriptor("application/vnd.oci.image.layer.v1.tar", layerDigest,
                layer.length) + "]}").getBytes(StandardCharsets.UTF_8);
        KeepAliveConnection.Answer put = connection.exchange("PUT", "/v2/" + repository + "/manifests/" + tag,
                manifest, "Content-Type", OCI_MANIFEST);
        assertThat(put.status()).as(put.text()).isEqualTo(201);

        KeepAliveConnection.Answer pulled = connection.exchange("GET", "/v2/" + repository + "/manifests/" + tag,
                new byte[0], "Accept", OCI_MANIFEST);
        assertThat(pulled.status()).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(manifest);
        KeepAliveConnection.Answer ownLayer = connection.exchange("GET", "/v2/" + repository + "/blobs/" + layerDigest,
                new byte[0]);
        assertThat(ownLayer.body()).isEqualTo(layer);
        KeepAliveConnection.Answer sharedBlob = connection.exchange("GET", "/v2/load/shared/blobs/" + sharedDigest,
                new byte[0]);
        assertThat(sharedBlob.status()).isEqualTo(200);
        assertThat(Digest.sha256(sharedBlob.body())).isEqualTo(Digest.sha256(shared));
        KeepAliveConnection.Answer head = connection.exchange("HEAD", "/v2/load/shared/blobs/" + sharedDigest,
                new byte[0]);
        assertThat(head.header("Content-Length")).hasValue(Integer.toString(shared.length));
    }

    /** Connects, and counts the client as arrived even when it could not connect, so nobody waits for it. */
    private static KeepAliveConnection connect(int port, CountDownLatch arrived) {
        try {
            return new KeepAliveConnection(port);
        } finally {
            arrived.countDown();
        }
    }

    private static Digest pushBlob(KeepAliveConnection connection, String repository, byte[] content) {
        Digest digest = Digest.sha256(content);
        KeepAliveConnection.Answer r = connection.exchange("POST",
                "/v2/" + repository + "/blobs/uploads/?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.header("Docker-Content-Digest")).hasValue(digest.toString());
        return digest;
    }

    /** Open file descriptors of this process (server and clients share it). */
    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
