package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;
import dev.berth.testing.OciClient;
import dev.berth.testing.RegistryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.berth.testing.HttpAssertions.header;
import static dev.berth.testing.HttpAssertions.json;
import static dev.berth.testing.TestManifests.OCI_CONFIG;
import static dev.berth.testing.TestManifests.OCI_LAYER;
import static dev.berth.testing.TestManifests.OCI_MANIFEST;
import static dev.berth.testing.TestManifests.descriptor;
import static dev.berth.testing.TestManifests.image;
import static dev.berth.testing.TestManifests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients pushing at once: the same blob and manifest end with one copy on disk and consistent metadata;
 * distinct blobs, more of them than the server lends large input buffers, all land intact.
 */
@Timeout(60)
class ConcurrencyHttpTest {
    private static final int CLIENTS = 16;
    private static final List<String> REPOSITORIES = List.of("conc/one", "conc/two");
    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.freshForEachTest();

    @Test
    void sameBlobAndManifest_pushedBy16ClientsAtOnce_endWithOneCopyAndEveryClientGot201() throws Exception {
        byte[] layer = new byte[1024 * 1024 + 3];
        new Random(16).nextBytes(layer);
        byte[] config = utf8("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        byte[] manifest = utf8(image(descriptor(OCI_CONFIG, config), descriptor(OCI_LAYER, layer)));
        Digest layerDigest = Digest.sha256(layer);
        Digest configDigest = Digest.sha256(config);
        Digest manifestDigest = Digest.sha256(manifest);

        CyclicBarrier together = new CyclicBarrier(CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Integer>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                String repository = REPOSITORIES.get(i % REPOSITORIES.size());
                boolean chunked = i % 4 < 2;
                results.add(pool.submit(() -> pushAll(registry.newClient(), together, repository, chunked, layer,
                        config, manifest)));
            }
            for (Future<List<Integer>> result : results) {
                assertThat(result.get(45, TimeUnit.SECONDS)).containsExactly(201, 201, 201);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(blobFiles()).hasSize(2);
        assertThat(uploadEntries()).isEmpty();
        assertThat(registry.store().size(layerDigest)).hasValue((long) layer.length);
        assertThat(registry.store().size(configDigest)).hasValue((long) config.length);
        OciClient client = registry.newClient();
        for (String repository : REPOSITORIES) {
            var tags = client.get("/v2/" + repository + "/tags/list");
            assertThat(json(tags).path("tags").toString()).isEqualTo("[\"v1\"]");
            var pulled = client.get("/v2/" + repository + "/manifests/v1");
            assertThat(pulled.body()).isEqualTo(manifest);
            assertThat(header(pulled, "Docker-Content-Digest")).isEqualTo(manifestDigest.toString());
            assertThat(client.get("/v2/" + repository + "/blobs/" + layerDigest).body()).isEqualTo(layer);
            assertThat(client.get("/v2/" + repository + "/blobs/" + configDigest).body()).isEqualTo(config);
            RepositoryName name = new RepositoryName(repository);
            Optional<Long> linked = registry.metadata().read(tx -> tx.linkedBlobSize(name, layerDigest));
            assertThat(linked).hasValue((long) layer.length);
        }
        assertThat(json(client.get("/v2/_catalog")).path("repositories").toString())
                .isEqualTo("[\"conc/one\",\"conc/two\"]");
    }

    @Test
    void distinctBlobs_pushedByMoreClientsThanLargeInputBuffers_allLandIntact() throws Exception {
        int clients = RequestInputBuffers.MAX_LARGE + 8;
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            byte[] blob = new byte[3 * 1024 * 1024 + i];
            new Random(100 + i).nextBytes(blob);
            blobs.add(blob);
        }
        CyclicBarrier together = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                byte[] blob = blobs.get(i);
                boolean chunked = i % 2 == 0;
                results.add(pool.submit(() -> {
                    OciClient client = registry.newClient();
                    together.await(20, TimeUnit.SECONDS);
                    return chunked ? pushInChunks(client, "conc/many", blob)
                            : pushMonolithic(client, "conc/many", blob);
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(45, TimeUnit.SECONDS)).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }

        OciClient client = registry.newClient();
        for (byte[] blob : blobs) {
            assertThat(client.get("/v2/conc/many/blobs/" + Digest.sha256(blob)).body()).isEqualTo(blob);
        }
        // Every large input buffer lent during the pushes comes back once the connections are idle.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (registry.server().largeInputBuffersAvailable() < RequestInputBuffers.MAX_LARGE
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(registry.server().largeInputBuffersAvailable()).isEqualTo(RequestInputBuffers.MAX_LARGE);
    }

    /** Pushes layer, config and manifest, all clients starting each step together; returns the three statuses. */
    private static List<Integer> pushAll(OciClient client, CyclicBarrier together, String repository, boolean chunked,
                                         byte[] layer, byte[] config, byte[] manifest) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        together.await(20, TimeUnit.SECONDS);
        statuses.add(chunked ? pushInChunks(client, repository, layer) : pushMonolithic(client, repository, layer));
        together.await(20, TimeUnit.SECONDS);
        statuses.add(pushMonolithic(client, repository, config));
        together.await(20, TimeUnit.SECONDS);
        statuses.add(client.send("PUT", "/v2/" + repository + "/manifests/v1", manifest, "Content-Type", OCI_MANIFEST)
                .statusCode());
        return statuses;
    }

    private static int pushMonolithic(OciClient client, String repository, byte[] content) {
        return client.send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + Digest.sha256(content), content,
                "Content-Type", "application/octet-stream").statusCode();
    }

    private static int pushInChunks(OciClient client, String repository, byte[] content) {
        var start = client.send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        String location = header(start, "Location");
        int half = content.length / 2;
        var first = client.send("PATCH", location, Arrays.copyOfRange(content, 0, half), "Content-Range",
                "0-" + (half - 1));
        if (first.statusCode() != 202) {
            return first.statusCode();
        }
        return client.send("PUT", location + "?digest=" + Digest.sha256(content),
                Arrays.copyOfRange(content, half, content.length)).statusCode();
    }

    private static List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(registry.dataDir().resolve("blobs-root").resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> uploadEntries() {
        Path uploads = registry.dataDir().resolve("blobs-root").resolve("uploads");
        if (!Files.exists(uploads)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(uploads)) {
            return entries.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
