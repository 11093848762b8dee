package dev.berth.storage.s3;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobStoreContract;
import dev.berth.storage.BlobUpload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blob-store contract plus what is specific to the S3 store, against any S3 endpoint: each test works under
 * its own key prefix of one bucket and removes it afterwards. Subclasses say where the endpoint is.
 */
abstract class S3BlobStoreSuite extends BlobStoreContract {
    protected static final int MIB = 1024 * 1024;

    /** A fresh prefix per test (JUnit makes a new instance for every test method). */
    protected final String prefix = "berth-test/" + UUID.randomUUID();

    /** Settings for the bucket under test, without the per-test prefix. */
    protected abstract S3Settings baseSettings();

    /** A client with full access to the bucket under test. */
    protected abstract S3Client admin();

    protected S3Settings settings() {
        return baseSettings().withPrefix(prefix);
    }

    protected String bucket() {
        return baseSettings().bucket();
    }

    @Override
    protected BlobStore newStore() {
        return new S3BlobStore(settings());
    }

    @Override
    protected BlobStore reopen(BlobStore old) {
        old.close();
        return new S3BlobStore(settings());
    }

    /** A port nothing listens on, and a single attempt so the test does not wait for backoff. */
    @Override
    protected BlobStore newUnreachableStore() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new S3BlobStore(settings().withEndpoint(URI.create("http://127.0.0.1:" + port), true)
                .withRetry(new S3Retry(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1))));
    }

    @AfterEach
    void removeTestObjects() {
        admin().listMultipartUploads(b -> b.bucket(bucket()).prefix(prefix + "/")).uploads().forEach(u ->
                admin().abortMultipartUpload(b -> b.bucket(bucket()).key(u.key()).uploadId(u.uploadId())));
        for (S3Object object : objects("")) {
            admin().deleteObject(b -> b.bucket(bucket()).key(object.key()));
        }
    }

    // --- layout ------------------------------------------------------------------------------------------------

    @Test
    void commit_blobStoredUnderPrefixAlgorithmAndHexKey_uploadKeysGone() {
        byte[] content = randomBytes(100, 4321);
        Digest digest = push(DigestAlgorithm.SHA512, content);

        assertThat(keys("")).containsExactly(
                prefix + "/blobs/sha512/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        byte[] stored = admin().getObjectAsBytes(b -> b.bucket(bucket()).key(keys("").getFirst())).asByteArray();
        assertThat(stored).isEqualTo(content);
    }

    @Test
    void append_twoCalls_eachAChunkNamedByItsStartOffset() {
        String id = newUploadId();
        BlobUpload upload = store.createUpload(id);
        upload.append(new ByteArrayInputStream(new byte[300]), BlobUpload.ChunkObserver.NONE);
        upload.append(new ByteArrayInputStream(new byte[5]), BlobUpload.ChunkObserver.NONE);

        assertThat(keys("/uploads/" + id + "/")).containsExactly(
                prefix + "/uploads/" + id + "/chunks/00000000000000000000",
                prefix + "/uploads/" + id + "/chunks/00000000000000000300",
                prefix + "/uploads/" + id + "/started");
    }

    // --- multipart appends and commits -------------------------------------------------------------------------

    @Test
    void append_streamLongerThanPartSize_storedAsOneMultipartChunk_commitReadsBack() throws IOException {
        byte[] content = randomBytes(101, 12 * MIB + 7);
        store = reopenWith(settings().withPartSize(5 * MIB));
        String id = newUploadId();
        BlobUpload upload = store.createUpload(id);
        ByteArrayOutputStream observed = new ByteArrayOutputStream();
        List<Integer> observedChunks = new ArrayList<>();

        long appended = upload.append(new ByteArrayInputStream(content), buffer -> {
            observedChunks.add(buffer.remaining());
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            observed.writeBytes(bytes);
        });

        assertThat(appended).isEqualTo(content.length);
        assertThat(observed.toByteArray()).isEqualTo(content);
        assertThat(observedChunks).containsExactly(5 * MIB, 5 * MIB, 2 * MIB + 7);
        List<S3Object> chunks = objects("/uploads/" + id + "/chunks/");
        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst().size()).isEqualTo(content.length);
        assertThat(chunks.getFirst().eTag()).endsWith("-3\"");
        try (InputStream in = store.openUpload(id).readAll()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }

        Digest digest = Digest.sha256(content);
        upload.commit(digest);
        assertThat(read(digest, 0, content.length)).isEqualTo(content);
        assertThat(read(digest, 5 * MIB - 3, 10)).isEqualTo(Arrays.copyOfRange(content, 5 * MIB - 3, 5 * MIB + 7));
    }

    @Test
    void commit_mixedSmallAndLargeChunks_blobHasAllBytesInOrder() {
        store = reopenWith(settings().withPartSize(5 * MIB));
        int[] sizes = {MIB, 7 * MIB, 100_000, 6 * MIB, 6 * MIB, 3 * MIB, 1, 5 * MIB};
        byte[] content = randomBytes(102, Arrays.stream(sizes).sum());
        BlobUpload upload = store.createUpload(newUploadId());
        int position = 0;
        for (int size : sizes) {
            upload.append(new ByteArrayInputStream(content, position, size), BlobUpload.ChunkObserver.NONE);
            position += size;
        }
        Digest digest = Digest.sha256(content);

        upload.commit(digest);

        assertThat(store.size(digest)).contains((long) content.length);
        assertThat(read(digest, 0, content.length)).isEqualTo(content);
        assertThat(keys("/uploads/")).isEmpty();
    }

    @Test
    void commit_onlyLargeChunks_copiedPartByPart() {
        store = reopenWith(settings().withPartSize(5 * MIB));
        byte[] content = randomBytes(103, 11 * MIB);
        BlobUpload upload = store.createUpload(newUploadId());
        upload.append(new ByteArrayInputStream(content, 0, 6 * MIB), BlobUpload.ChunkObserver.NONE);
        upload.append(new ByteArrayInputStream(content, 6 * MIB, 5 * MIB), BlobUpload.ChunkObserver.NONE);
        Digest digest = Digest.sha256(content);

        upload.commit(digest);

        assertThat(read(digest, 0, content.length)).isEqualTo(content);
    }

    // --- several nodes -----------------------------------------------------------------------------------------

    @Test
    void upload_startedOnOneNode_appendedOnSecond_committedOnThird() throws IOException {
        byte[] content = randomBytes(104, 2 * MIB + 11);
        Digest digest = Digest.sha256(content);
        String id = newUploadId();
        try (BlobStore nodeA = new S3BlobStore(settings());
             BlobStore nodeB = new S3BlobStore(settings());
             BlobStore nodeC = new S3BlobStore(settings())) {
            nodeA.createUpload(id).append(new ByteArrayInputStream(content, 0, MIB), BlobUpload.ChunkObserver.NONE);

            BlobUpload onB = nodeB.openUpload(id);
            assertThat(onB.size()).isEqualTo(MIB);
            onB.append(new ByteArrayInputStream(content, MIB, content.length - MIB), BlobUpload.ChunkObserver.NONE);

            BlobUpload onC = nodeC.openUpload(id);
            assertThat(onC.size()).isEqualTo(content.length);
            try (InputStream in = onC.readAll()) {
                assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(digest);
            }
            onC.commit(digest);

            assertThat(nodeA.size(digest)).contains((long) content.length);
            assertCode(() -> nodeA.openUpload(id), ErrorCode.BLOB_UPLOAD_UNKNOWN);
            assertCode(onB::size, ErrorCode.BLOB_UPLOAD_UNKNOWN);
        }
        assertThat(read(digest, 0, content.length)).isEqualTo(content);
    }

    // --- presigned URLs ----------------------------------------------------------------------------------------

    @Test
    void directUrl_presignEnabled_urlServesTheBlobToAPlainHttpClient() throws Exception {
        store = reopenWith(settings().withPresignedRedirects(true, Duration.ofMinutes(5)));
        byte[] content = randomBytes(105, 70_000);
        Digest digest = push(DigestAlgorithm.SHA256, content);

        URI url = store.directUrl(digest, Duration.ofMinutes(1)).orElseThrow();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(url.getQuery()).contains("X-Amz-Expires=60");
    }

    @Test
    void directUrl_presignDisabled_isEmpty() {
        Digest digest = push(DigestAlgorithm.SHA256, "no redirect".getBytes());

        assertThat(store.directUrl(digest, Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void directUrl_ttlLongerThanConfigured_cappedToConfiguredLifetime() {
        store = reopenWith(settings().withPresignedRedirects(true, Duration.ofMinutes(2)));
        Digest digest = push(DigestAlgorithm.SHA256, "capped".getBytes());

        URI url = store.directUrl(digest, Duration.ofHours(3)).orElseThrow();

        assertThat(url.getQuery()).contains("X-Amz-Expires=120");
    }

    // --- purge -------------------------------------------------------------------------------------------------

    @Test
    void uploadsIdleSince_abandonedMultipartAppend_abortedAndUploadListed() {
        String id = newUploadId();
        store.createUpload(id);
        String chunkKey = prefix + "/uploads/" + id + "/chunks/00000000000000000000";
        String multipartId = admin().createMultipartUpload(b -> b.bucket(bucket()).key(chunkKey)).uploadId();
        admin().uploadPart(b -> b.bucket(bucket()).key(chunkKey).uploadId(multipartId).partNumber(1),
                RequestBody.fromBytes(new byte[1000]));

        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().plus(Duration.ofHours(1)))) {
            assertThat(idle).containsExactly(id);
        }

        assertThat(multipartUploads()).isEmpty();
    }

    @Test
    void uploadsIdleSince_multipartStartedAfterCutoff_keptAndUploadNotIdle() {
        String id = newUploadId();
        store.createUpload(id);
        String chunkKey = prefix + "/uploads/" + id + "/chunks/00000000000000000000";
        admin().createMultipartUpload(b -> b.bucket(bucket()).key(chunkKey));

        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().minus(Duration.ofHours(1)))) {
            assertThat(idle).doesNotContain(id);
        }

        assertThat(multipartUploads()).containsExactly(chunkKey);
    }

    @Test
    void uploadsIdleSince_chunksWithoutMarker_removedAndNotListed() {
        String orphan = newUploadId();
        admin().putObject(b -> b.bucket(bucket()).key(prefix + "/uploads/" + orphan + "/chunks/00000000000000000000"),
                RequestBody.fromBytes(new byte[10]));

        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().plus(Duration.ofHours(1)))) {
            assertThat(idle).isEmpty();
        }

        assertThat(keys("/uploads/")).isEmpty();
        assertCode(() -> store.openUpload(orphan), ErrorCode.BLOB_UPLOAD_UNKNOWN);
    }

    @Test
    void cancel_withUnfinishedMultipartAppend_abortsItAndRemovesEverything() {
        String id = newUploadId();
        BlobUpload upload = store.createUpload(id);
        upload.append(new ByteArrayInputStream(new byte[100]), BlobUpload.ChunkObserver.NONE);
        String chunkKey = prefix + "/uploads/" + id + "/chunks/00000000000000000100";
        admin().createMultipartUpload(b -> b.bucket(bucket()).key(chunkKey));

        upload.cancel();

        assertThat(multipartUploads()).isEmpty();
        assertThat(keys("/uploads/")).isEmpty();
    }

    // --- reads -------------------------------------------------------------------------------------------------

    @Test
    void read_manyStreamsClosedHalfRead_connectionsReturnToThePool() throws IOException {
        store = reopenWith(settings().withMaxConnections(2));
        byte[] content = randomBytes(106, 3 * MIB);
        Digest digest = push(DigestAlgorithm.SHA256, content);

        for (int i = 0; i < 10; i++) {
            try (BlobContent partial = store.read(digest, 0, content.length)) {
                InputStream in = ((BlobContent.Stream) partial).stream();
                assertThat(in.readNBytes(1000)).isEqualTo(Arrays.copyOf(content, 1000));
            }
        }

        assertThat(read(digest, MIB, 100)).isEqualTo(Arrays.copyOfRange(content, MIB, MIB + 100));
    }

    @Test
    void ping_missingBucket_throwsUnavailable() {
        try (BlobStore missing = new S3BlobStore(new S3Settings("berth-no-such-bucket-" + UUID.randomUUID()
                .toString().substring(0, 8), prefix, settings().region(), settings().endpoint(),
                settings().pathStyle(), settings().credentials(), false, S3Settings.DEFAULT_PRESIGN_TTL,
                S3Settings.DEFAULT_PART_SIZE, true, 4, settings().retry()))) {
            assertCode(missing::ping, ErrorCode.UNAVAILABLE);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    protected BlobStore reopenWith(S3Settings newSettings) {
        store.close();
        return new S3BlobStore(newSettings);
    }

    /** Objects under {@code prefix + suffix}. */
    protected List<S3Object> objects(String suffix) {
        return admin().listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix + suffix)).contents().stream()
                .toList();
    }

    protected List<String> keys(String suffix) {
        return objects(suffix).stream().map(S3Object::key).toList();
    }

    protected List<String> multipartUploads() {
        return admin().listMultipartUploads(b -> b.bucket(bucket()).prefix(prefix + "/")).uploads().stream()
                .map(u -> u.key()).toList();
    }

    protected static Optional<String> environment(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
