package dev.berth.faults;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;
import dev.berth.metadata.UploadSession;
import dev.berth.registry.BlobUploads;
import dev.berth.testing.OciClient;
import dev.berth.testing.RegistryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that go away mid-upload (issue 2, "Bad input and faults"): nothing of the unfinished blob becomes
 * visible, the upload session keeps the bytes received and resumes from there (or the stale-upload purge removes
 * it), and the server goes on serving everyone else.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DisconnectTest {
    private static final int SIZE = 4 * 1024 * 1024;
    private static final int HALF = SIZE / 2;
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.freshForEachTest();
    private static final OciClient client = registry.client();

    @Test
    void patchWithContentLength_clientLeavesAfterHalf_nothingVisibleAndUploadResumesFromStoredSize() {
        byte[] content = random(SIZE);
        Digest digest = Digest.sha256(content);
        String location = startUpload("gone/patch");
        try (AbandonedRequest request = AbandonedRequest.withLength(registry.port(), "PATCH " + location
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: " + SIZE
                + "\r\nContent-Range: 0-" + (SIZE - 1) + "\r\n", Arrays.copyOf(content, HALF))) {
            awaitServerStoring(location);
            assertNothingVisible("gone/patch", digest);
        }
        awaitStoredSize(location, HALF);
        assertNothingVisible("gone/patch", digest);

        resumeAndCommit(location, content, HALF, digest);

        assertPullable("gone/patch", digest, content);
        assertStillServing();
    }

    @Test
    void streamedPatch_clientLeavesMidStream_nothingVisibleAndUploadResumesFromStoredSize() {
        byte[] content = random(SIZE);
        Digest digest = Digest.sha256(content);
        String location = startUpload("gone/streamed");
        try (AbandonedRequest request = AbandonedRequest.chunked(registry.port(), "PATCH " + location
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n",
                Arrays.copyOf(content, HALF), 64 * 1024)) {
            awaitServerStoring(location);
        }
        awaitStoredSize(location, HALF);
        assertNothingVisible("gone/streamed", digest);

        resumeAndCommit(location, content, HALF, digest);

        assertPullable("gone/streamed", digest, content);
        assertStillServing();
    }

    @Test
    void closingPutWithLastChunk_clientLeavesAfterHalf_nothingVisibleAndUploadResumes() {
        byte[] content = random(SIZE);
        Digest digest = Digest.sha256(content);
        String location = startUpload("gone/put");
        try (AbandonedRequest request = AbandonedRequest.withLength(registry.port(), "PUT " + location + "?digest="
                + digest + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + SIZE + "\r\n", Arrays.copyOf(content, HALF))) {
            awaitServerStoring(location);
            assertNothingVisible("gone/put", digest);
        }
        awaitStoredSize(location, HALF);
        assertNothingVisible("gone/put", digest);

        resumeAndCommit(location, content, HALF, digest);

        assertPullable("gone/put", digest, content);
        assertStillServing();
    }

    @Test
    void monolithicPost_clientLeavesAfterHalf_leavesNoBlobAndNoUploadBytes() {
        byte[] content = random(SIZE);
        Digest digest = Digest.sha256(content);
        try (AbandonedRequest request = AbandonedRequest.withLength(registry.port(), "POST /v2/gone/mono/blobs/uploads/"
                + "?digest=" + digest + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + SIZE + "\r\n", Arrays.copyOf(content, HALF))) {
            await().atMost(WAIT).until(() -> uploadsOnDisk() == 1);
            assertNothingVisible("gone/mono", digest);
        }
        await().atMost(WAIT).until(() -> uploadsOnDisk() == 0);
        assertNothingVisible("gone/mono", digest);
        assertStillServing();
    }

    @Test
    void abandonedUpload_purgeStaleWithFutureCutoff_removesSessionAndBytes() {
        byte[] content = random(SIZE);
        Digest digest = Digest.sha256(content);
        String location = startUpload("gone/purged");
        try (AbandonedRequest request = AbandonedRequest.withLength(registry.port(), "PATCH " + location
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: " + SIZE
                + "\r\n", Arrays.copyOf(content, HALF))) {
            awaitServerStoring(location);
        }
        awaitStoredSize(location, HALF);
        // An empty PATCH queues behind the abandoned request on the upload, so it answers once the server gave up.
        assertThat(client.send("PATCH", location, new byte[0]).statusCode()).isEqualTo(202);
        BlobUploads uploads = new BlobUploads(registry.store(), registry.metadata(), new dev.berth.metadata.InProcessLocks(),
                Clock.systemUTC());

        int purged = uploads.purgeStale(Instant.now().plus(Duration.ofHours(1)));

        assertThat(purged).isEqualTo(1);
        HttpResponse<byte[]> status = client.get(location);
        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(OciClient.text(status)).contains("BLOB_UPLOAD_UNKNOWN");
        assertThat(uploadsOnDisk()).isZero();
        Optional<UploadSession> session = registry.metadata().read(tx -> tx.upload(uploadId(location)));
        assertThat(session).isEmpty();
        assertNothingVisible("gone/purged", digest);
        assertStillServing();
    }

    @Test
    void manyAbandonedUploads_serverKeepsServingAndEachResumes() {
        for (int i = 0; i < 20; i++) {
            byte[] content = random(64 * 1024);
            Digest digest = Digest.sha256(content);
            String location = startUpload("gone/many");
            try (AbandonedRequest request = AbandonedRequest.withLength(registry.port(), "PATCH " + location
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + content.length + "\r\n",
                    Arrays.copyOf(content, 1000 + i))) {
                // Fewer bytes than the server's write buffer: they reach the file only when the client leaves.
                assertNothingVisible("gone/many", digest);
            }
            awaitStoredSize(location, 1000 + i);
            resumeAndCommit(location, content, 1000 + i, digest);
            assertPullable("gone/many", digest, content);
        }
        assertThat(uploadsOnDisk()).isZero();
        assertStillServing();
    }

    @Test
    void blobPull_clientLeavesMidBody_serverClosesTheFileAndKeepsServing() throws Exception {
        byte[] content = random(SIZE);
        Digest digest = client.pushBlob("gone/pull", content);
        assertPullable("gone/pull", digest, content);
        long baseline = openDescriptors();

        for (int i = 0; i < 50; i++) {
            try (Socket socket = new Socket("127.0.0.1", registry.port())) {
                socket.getOutputStream().write(("GET /v2/gone/pull/blobs/" + digest + " HTTP/1.1\r\nHost: 127.0.0.1"
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                assertThat(socket.getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024);
            }
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(openDescriptors()).isLessThanOrEqualTo(baseline + 5));
        assertPullable("gone/pull", digest, content);
        assertStillServing();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private String startUpload(String repository) {
        HttpResponse<byte[]> r = client.send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        assertThat(r.statusCode()).isEqualTo(202);
        return r.headers().firstValue("Location").orElseThrow();
    }

    /** Waits until the server is inside the request: it has stored some of its body. */
    private void awaitServerStoring(String location) {
        await().atMost(WAIT).until(() -> registry.store().openUpload(uploadId(location)).size() > 0);
    }

    /** Waits until the upload's status reports {@code size} bytes: everything sent before the client left. */
    private void awaitStoredSize(String location, long size) {
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<byte[]> status = client.get(location);
            assertThat(status.statusCode()).isEqualTo(204);
            assertThat(status.headers().firstValue("Range")).hasValue("0-" + (size - 1));
        });
    }

    /** Continues the upload the way a client does after an error: status, then the rest from the stored size. */
    private void resumeAndCommit(String location, byte[] content, int stored, Digest digest) {
        HttpResponse<byte[]> status = client.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-" + (stored - 1));
        HttpResponse<byte[]> patch = client.send("PATCH", location, Arrays.copyOfRange(content, stored, content.length),
                "Content-Type", "application/octet-stream", "Content-Range", stored + "-" + (content.length - 1));
        assertThat(patch.statusCode()).as(OciClient.text(patch)).isEqualTo(202);
        assertThat(patch.headers().firstValue("Range")).hasValue("0-" + (content.length - 1));
        HttpResponse<byte[]> put = client.send("PUT", location + "?digest=" + digest, null);
        assertThat(put.statusCode()).as(OciClient.text(put)).isEqualTo(201);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    }

    private void assertNothingVisible(String repository, Digest digest) {
        assertThat(client.head("/v2/" + repository + "/blobs/" + digest).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> get = client.get("/v2/" + repository + "/blobs/" + digest);
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(OciClient.text(get)).contains("BLOB_UNKNOWN");
        assertThat(registry.store().size(digest)).isEmpty();
        Optional<Long> linked = registry.metadata().read(tx -> tx.linkedBlobSize(new RepositoryName(repository), digest));
        assertThat(linked).isEmpty();
    }

    private void assertPullable(String repository, Digest digest, byte[] content) {
        HttpResponse<byte[]> get = client.get("/v2/" + repository + "/blobs/" + digest);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(content);
    }

    private void assertStillServing() {
        assertThat(client.get("/v2/").statusCode()).isEqualTo(200);
        byte[] small = random(10_000);
        Digest digest = client.pushBlob("still/serving", small);
        assertPullable("still/serving", digest, small);
    }

    private long uploadsOnDisk() {
        try (var ids = registry.store().uploadsIdleSince(Instant.now().plus(Duration.ofHours(1)))) {
            return ids.count();
        }
    }

    private static String uploadId(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
