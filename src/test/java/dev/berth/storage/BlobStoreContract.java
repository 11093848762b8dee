package dev.berth.storage;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link BlobStore} must have. An implementation's test extends this class and supplies the
 * stores; it adds only what is specific to its backend.
 *
 * <p>Beyond the interface documentation this suite fixes two points: an I/O error of the stream given to
 * {@link BlobUpload#append} reaches the caller with that {@link IOException} in its cause chain (a runtime
 * exception of the stream reaches it unchanged), and operations on an upload that was committed or cancelled
 * fail with {@code BLOB_UPLOAD_UNKNOWN}.
 */
@Timeout(60)
public abstract class BlobStoreContract {
    private static final int MIB = 1024 * 1024;

    protected BlobStore store;

    /** A new, empty store. Called before each test; the suite closes it. */
    protected abstract BlobStore newStore();

    /** Closes {@code old} and returns a new instance over the same backing storage, as after a restart. */
    protected abstract BlobStore reopen(BlobStore old);

    /** A store whose backend cannot be reached (removed directory, closed port); the suite closes it. */
    protected abstract BlobStore newUnreachableStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // --- round trips -------------------------------------------------------------------------------------------

    @Test
    void push_smallSha256Blob_readsBackSameBytes() {
        byte[] content = randomBytes(1, 1000);
        Digest digest = push(DigestAlgorithm.SHA256, content);

        assertThat(store.size(digest)).contains(1000L);
        assertThat(readWhole(digest, content.length)).isEqualTo(content);
    }

    @Test
    void push_emptyBlob_hasSizeZeroAndReadsEmpty() {
        Digest digest = push(DigestAlgorithm.SHA256, new byte[0]);

        assertThat(digest.hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(store.size(digest)).contains(0L);
        assertThat(readWhole(digest, 0)).isEmpty();
    }

    @Test
    void push_multiMebibyteSha512Blob_readsBackSameBytes() {
        byte[] content = randomBytes(2, 5 * MIB + 123);
        Digest digest = push(DigestAlgorithm.SHA512, content);

        assertThat(digest.algorithm()).isEqualTo(DigestAlgorithm.SHA512);
        assertThat(store.size(digest)).contains((long) content.length);
        assertThat(readWhole(digest, content.length)).isEqualTo(content);
    }

    @Test
    void push_sameBytesUnderBothAlgorithms_storesTwoBlobs() {
        byte[] content = randomBytes(3, 4096);
        Digest sha256 = push(DigestAlgorithm.SHA256, content);
        Digest sha512 = push(DigestAlgorithm.SHA512, content);

        assertThat(readWhole(sha256, content.length)).isEqualTo(content);
        assertThat(readWhole(sha512, content.length)).isEqualTo(content);
        assertThat(listed()).containsExactlyInAnyOrder(sha256, sha512);
    }

    // --- ranged reads ------------------------------------------------------------------------------------------

    @Test
    void read_rangesInsideBlob_returnExactlyThoseBytes() {
        byte[] content = randomBytes(4, 10_000);
        Digest digest = push(DigestAlgorithm.SHA256, content);

        assertThat(read(digest, 0, 10_000)).isEqualTo(content);
        assertThat(read(digest, 100, 250)).isEqualTo(Arrays.copyOfRange(content, 100, 350));
        assertThat(read(digest, 9_999, 1)).isEqualTo(Arrays.copyOfRange(content, 9_999, 10_000));
        assertThat(read(digest, 10_000, 0)).isEmpty();
        assertThat(read(digest, 0, 0)).isEmpty();
    }

    @Test
    void read_rangesOutsideBlob_throwRangeInvalid() {
        Digest digest = push(DigestAlgorithm.SHA256, randomBytes(5, 100));

        assertCode(() -> store.read(digest, 100, 1), ErrorCode.RANGE_INVALID);
        assertCode(() -> store.read(digest, 0, 101), ErrorCode.RANGE_INVALID);
        assertCode(() -> store.read(digest, 101, 0), ErrorCode.RANGE_INVALID);
        assertCode(() -> store.read(digest, -1, 10), ErrorCode.RANGE_INVALID);
        assertCode(() -> store.read(digest, 0, -1), ErrorCode.RANGE_INVALID);
        assertCode(() -> store.read(digest, 1, Long.MAX_VALUE), ErrorCode.RANGE_INVALID);
    }

    @Test
    void read_unknownDigest_throwsBlobUnknown() {
        Digest absent = Digest.sha256("never stored".getBytes());

        assertCode(() -> store.read(absent, 0, 0), ErrorCode.BLOB_UNKNOWN);
        assertCode(() -> store.read(absent, 5, 10), ErrorCode.BLOB_UNKNOWN);
    }

    @Test
    void size_unknownDigest_isEmpty() {
        assertThat(store.size(Digest.sha256("never stored".getBytes()))).isEmpty();
        assertThat(store.size(Digest.compute(DigestAlgorithm.SHA512, "never stored".getBytes()))).isEmpty();
    }

    // --- uploads -----------------------------------------------------------------------------------------------

    @Test
    void createUpload_newId_isEmptyWithThatId() throws IOException {
        String id = newUploadId();
        BlobUpload upload = store.createUpload(id);

        assertThat(upload.id()).isEqualTo(id);
        assertThat(upload.size()).isZero();
        try (InputStream in = upload.readAll()) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(store.openUpload(id).size()).isZero();
    }

    @Test
    void append_observer_seesExactlyTheStoredBytesInOrder() throws IOException {
        byte[] content = randomBytes(6, 3 * MIB + 17);
        BlobUpload upload = store.createUpload(newUploadId());
        ByteArrayOutputStream observed = new ByteArrayOutputStream();
        MessageDigest sha256 = DigestAlgorithm.SHA256.newMessageDigest();

        long appended = upload.append(new TricklingStream(content, 7), buffer -> {
            observed.writeBytes(copyOf(buffer.duplicate()));
            sha256.update(buffer);
        });

        assertThat(appended).isEqualTo(content.length);
        assertThat(observed.toByteArray()).isEqualTo(content);
        assertThat(Digest.of(DigestAlgorithm.SHA256, sha256.digest())).isEqualTo(Digest.sha256(content));
        assertThat(upload.size()).isEqualTo(content.length);
        assertThat(readAll(upload)).isEqualTo(content);
    }

    @Test
    void append_severalCalls_concatenatesInOrder() {
        byte[] content = randomBytes(7, 2 * MIB + 3);
        BlobUpload upload = store.createUpload(newUploadId());
        int[] cuts = {0, 1, 1000, 1000, MIB, content.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            byte[] part = Arrays.copyOfRange(content, cuts[i], cuts[i + 1]);
            assertThat(upload.append(new ByteArrayInputStream(part), BlobUpload.ChunkObserver.NONE))
                    .isEqualTo(part.length);
            assertThat(upload.size()).isEqualTo(cuts[i + 1]);
        }
        Digest digest = Digest.sha256(content);
        upload.commit(digest);

        assertThat(readWhole(digest, content.length)).isEqualTo(content);
    }

    @Test
    void append_emptyStream_appendsNothingAndObservesNothing() {
        BlobUpload upload = store.createUpload(newUploadId());
        List<ByteBuffer> chunks = new ArrayList<>();

        assertThat(upload.append(InputStream.nullInputStream(), chunks::add)).isZero();
        assertThat(chunks).isEmpty();
        assertThat(upload.size()).isZero();
    }

    @Test
    void append_streamFailsMidway_keepsTheBytesReadBefore() {
        byte[] prefix = randomBytes(8, MIB + 300_007);
        IOException failure = new IOException("connection reset by client");
        BlobUpload upload = store.createUpload(newUploadId());
        ByteArrayOutputStream observed = new ByteArrayOutputStream();

        assertThatThrownBy(() -> upload.append(new FailingStream(prefix, failure),
                buffer -> observed.writeBytes(copyOf(buffer))))
                .satisfies(thrown -> assertThat(causalChain(thrown)).contains(failure));

        assertThat(upload.size()).isEqualTo(prefix.length);
        assertThat(readAll(store.openUpload(upload.id()))).isEqualTo(prefix);
        assertThat(observed.toByteArray()).isEqualTo(prefix);
    }

    @Test
    void append_streamThrowsRegistryException_propagatesItAndKeepsEarlierBytes() {
        byte[] prefix = randomBytes(9, 70_000);
        RegistryException tooLarge = RegistryException.of(ErrorCode.SIZE_INVALID, "more than announced");
        BlobUpload upload = store.createUpload(newUploadId());

        assertThatThrownBy(() -> upload.append(new FailingStream(prefix, tooLarge), BlobUpload.ChunkObserver.NONE))
                .isSameAs(tooLarge);
        assertThat(upload.size()).isEqualTo(prefix.length);
    }

    @Test
    void upload_afterReopen_keepsItsBytesAndCanBeFinished() {
        byte[] content = randomBytes(10, MIB + 5);
        String id = newUploadId();
        store.createUpload(id).append(new ByteArrayInputStream(content, 0, 600_000), BlobUpload.ChunkObserver.NONE);

        store = reopen(store);
        BlobUpload resumed = store.openUpload(id);
        assertThat(resumed.size()).isEqualTo(600_000);
        assertThat(readAll(resumed)).isEqualTo(Arrays.copyOf(content, 600_000));
        resumed.append(new ByteArrayInputStream(content, 600_000, content.length), BlobUpload.ChunkObserver.NONE);
        Digest digest = Digest.sha256(content);
        resumed.commit(digest);

        assertThat(readWhole(digest, content.length)).isEqualTo(content);
    }

    @Test
    void uploads_twoAtOnce_doNotMix() {
        BlobUpload first = store.createUpload(newUploadId());
        BlobUpload second = store.createUpload(newUploadId());
        first.append(new ByteArrayInputStream("aaa".getBytes()), BlobUpload.ChunkObserver.NONE);
        second.append(new ByteArrayInputStream("bbbbb".getBytes()), BlobUpload.ChunkObserver.NONE);
        first.append(new ByteArrayInputStream("AAA".getBytes()), BlobUpload.ChunkObserver.NONE);

        assertThat(readAll(first)).isEqualTo("aaaAAA".getBytes());
        assertThat(readAll(second)).isEqualTo("bbbbb".getBytes());
    }

    // --- commit ------------------------------------------------------------------------------------------------

    @Test
    void commit_uploadNoLongerExists() {
        String id = newUploadId();
        BlobUpload upload = store.createUpload(id);
        upload.append(new ByteArrayInputStream("x".getBytes()), BlobUpload.ChunkObserver.NONE);
        upload.commit(Digest.sha256("x".getBytes()));

        assertCode(() -> store.openUpload(id), ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertCode(upload::size, ErrorCode.BLOB_UPLOAD_UNKNOWN);
        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().plus(Duration.ofHours(1)))) {
            assertThat(idle).doesNotContain(id);
        }
    }

    @Test
    void commit_ontoExistingDigest_keepsOneCorrectCopy() {
        byte[] content = randomBytes(11, 200_000);
        Digest digest = push(DigestAlgorithm.SHA256, content);
        String secondId = newUploadId();
        BlobUpload second = store.createUpload(secondId);
        second.append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);

        second.commit(digest);

        assertThat(readWhole(digest, content.length)).isEqualTo(content);
        assertThat(listed()).containsExactly(digest);
        assertCode(() -> store.openUpload(secondId), ErrorCode.BLOB_UPLOAD_UNKNOWN);
    }

    @Test
    void commit_sixteenThreadsSameContent_oneCorrectBlob() throws Exception {
        byte[] content = randomBytes(12, 300_000);
        Digest digest = Digest.sha256(content);
        int threads = 16;
        List<BlobUpload> uploads = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            BlobUpload upload = store.createUpload(newUploadId());
            upload.append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);
            uploads.add(upload);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> commits = new ArrayList<>();
            for (BlobUpload upload : uploads) {
                commits.add(pool.submit(() -> {
                    start.await();
                    upload.commit(digest);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> commit : commits) {
                commit.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(readWhole(digest, content.length)).isEqualTo(content);
        assertThat(listed()).containsExactly(digest);
        for (BlobUpload upload : uploads) {
            assertCode(() -> store.openUpload(upload.id()), ErrorCode.BLOB_UPLOAD_UNKNOWN);
        }
    }

    // --- cancel and unknown uploads ----------------------------------------------------------------------------

    @Test
    void cancel_twice_isIdempotentAndRemovesTheUpload() {
        String id = newUploadId();
        BlobUpload upload = store.createUpload(id);
        upload.append(new ByteArrayInputStream(randomBytes(13, 5000)), BlobUpload.ChunkObserver.NONE);

        upload.cancel();
        assertThatCode(upload::cancel).doesNotThrowAnyException();

        assertCode(() -> store.openUpload(id), ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertThat(listed()).isEmpty();
        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().plus(Duration.ofHours(1)))) {
            assertThat(idle).doesNotContain(id);
        }
    }

    @Test
    void cancel_afterCommit_leavesTheBlob() {
        byte[] content = randomBytes(14, 1234);
        BlobUpload upload = store.createUpload(newUploadId());
        upload.append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);
        Digest digest = Digest.sha256(content);
        upload.commit(digest);

        assertThatCode(upload::cancel).doesNotThrowAnyException();
        assertThat(readWhole(digest, content.length)).isEqualTo(content);
    }

    @Test
    void openUpload_unknownId_throwsBlobUploadUnknown() {
        assertCode(() -> store.openUpload(newUploadId()), ErrorCode.BLOB_UPLOAD_UNKNOWN);
    }

    @Test
    void cancelledUpload_everyOperation_throwsBlobUploadUnknown() {
        BlobUpload upload = store.createUpload(newUploadId());
        upload.cancel();

        assertCode(upload::size, ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertCode(() -> upload.append(new ByteArrayInputStream(new byte[10]), BlobUpload.ChunkObserver.NONE),
                ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertCode(upload::readAll, ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertCode(() -> upload.commit(Digest.sha256(new byte[0])), ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertThat(store.size(Digest.sha256(new byte[0]))).isEmpty();
    }

    // --- list, idle uploads, delete, ping ----------------------------------------------------------------------

    @Test
    void list_storedBlobs_returnsEachDigestOnce() {
        Digest a = push(DigestAlgorithm.SHA256, "a".getBytes());
        Digest b = push(DigestAlgorithm.SHA256, "b".getBytes());
        Digest c = push(DigestAlgorithm.SHA512, "c".getBytes());
        push(DigestAlgorithm.SHA256, "a".getBytes());
        store.createUpload(newUploadId()).append(new ByteArrayInputStream("pending".getBytes()),
                BlobUpload.ChunkObserver.NONE);

        assertThat(listed()).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void list_emptyStore_isEmpty() {
        assertThat(listed()).isEmpty();
    }

    @Test
    void uploadsIdleSince_cutoffAfterLastWrite_listsUpload_cutoffBefore_doesNot() {
        String id = newUploadId();
        store.createUpload(id).append(new ByteArrayInputStream("some".getBytes()), BlobUpload.ChunkObserver.NONE);

        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().plus(Duration.ofHours(1)))) {
            assertThat(idle).contains(id);
        }
        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().minus(Duration.ofHours(1)))) {
            assertThat(idle).doesNotContain(id);
        }
    }

    @Test
    void delete_storedBlob_removesItOnce() {
        byte[] content = randomBytes(15, 777);
        Digest digest = push(DigestAlgorithm.SHA256, content);

        assertThat(store.delete(digest)).isTrue();
        assertThat(store.delete(digest)).isFalse();
        assertThat(store.size(digest)).isEmpty();
        assertCode(() -> store.read(digest, 0, 0), ErrorCode.BLOB_UNKNOWN);
        assertThat(listed()).isEmpty();
    }

    @Test
    void delete_thenPushAgain_storesTheBlobAgain() {
        byte[] content = randomBytes(16, 333);
        Digest digest = push(DigestAlgorithm.SHA256, content);
        store.delete(digest);

        push(DigestAlgorithm.SHA256, content);

        assertThat(readWhole(digest, content.length)).isEqualTo(content);
    }

    @Test
    void delete_unknownDigest_returnsFalse() {
        assertThat(store.delete(Digest.sha256("never stored".getBytes()))).isFalse();
    }

    @Test
    void ping_healthyStore_doesNotThrow() {
        assertThatCode(store::ping).doesNotThrowAnyException();
    }

    @Test
    void ping_unreachableBackend_throwsUnavailable() {
        try (BlobStore unreachable = newUnreachableStore()) {
            assertCode(unreachable::ping, ErrorCode.UNAVAILABLE);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    protected Digest push(DigestAlgorithm algorithm, byte[] content) {
        BlobUpload upload = store.createUpload(newUploadId());
        upload.append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);
        Digest digest = Digest.compute(algorithm, content);
        upload.commit(digest);
        return digest;
    }

    protected static String newUploadId() {
        return UUID.randomUUID().toString();
    }

    protected static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    protected List<Digest> listed() {
        try (Stream<Digest> digests = store.list()) {
            return digests.toList();
        }
    }

    protected byte[] readWhole(Digest digest, long expectedSize) {
        return read(digest, 0, expectedSize);
    }

    protected byte[] read(Digest digest, long offset, long length) {
        try (BlobContent content = store.read(digest, offset, length)) {
            assertThat(content.length()).isEqualTo(length);
            return switch (content) {
                case BlobContent.LocalFile file -> readRegion(file);
                case BlobContent.Stream stream -> stream.stream().readAllBytes();
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readRegion(BlobContent.LocalFile file) throws IOException {
        ByteBuffer region = ByteBuffer.allocate(Math.toIntExact(file.length()));
        try (FileChannel channel = FileChannel.open(file.path())) {
            while (region.hasRemaining()) {
                if (channel.read(region, file.offset() + region.position()) < 0) {
                    break;
                }
            }
        }
        return Arrays.copyOf(region.array(), region.position());
    }

    private static byte[] readAll(BlobUpload upload) {
        try (InputStream in = upload.readAll()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] copyOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static List<Throwable> causalChain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Returns at most {@code step} bytes per read, like a slow network connection. */
    private static final class TricklingStream extends InputStream {
        private final byte[] content;
        private final int step;
        private int position;
        private int reads;

        TricklingStream(byte[] content, int step) {
            this.content = content;
            this.step = step;
        }

        @Override
        public int read() {
            return position < content.length ? content[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= content.length) {
                return -1;
            }
            // Vary the chunk sizes: mostly large reads, some tiny ones.
            int size = (reads++ % step == 0) ? 1 : 64 * 1024 + reads;
            int n = Math.min(Math.min(length, size), content.length - position);
            System.arraycopy(content, position, target, offset, n);
            position += n;
            return n;
        }
    }

    /** Serves {@code prefix}, then throws {@code failure} (an IOException or a runtime exception). */
    private static final class FailingStream extends InputStream {
        private final InputStream prefix;
        private final Exception failure;

        FailingStream(byte[] prefix, Exception failure) {
            this.prefix = new ByteArrayInputStream(prefix);
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            int b = prefix.read();
            if (b < 0) {
                throw failureToThrow();
            }
            return b;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int n = prefix.read(target, offset, Math.min(length, 8192));
            if (n < 0) {
                throw failureToThrow();
            }
            return n;
        }

        private IOException failureToThrow() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            return (IOException) failure;
        }
    }
}
