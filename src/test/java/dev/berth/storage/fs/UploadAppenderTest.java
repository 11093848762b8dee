package dev.berth.storage.fs;

import dev.berth.storage.BlobUpload.ChunkObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class UploadAppenderTest {
    @TempDir
    Path dir;

    private final DirectWrites buffered = DirectWrites.disabled();
    private DirectWrites direct;

    @AfterEach
    void close() {
        buffered.close();
        if (direct != null) {
            direct.close();
        }
    }

    @Test
    void probe_onThisFileSystem_directWritesWithPowerOfTwoAlignment() throws IOException {
        assumeThat(Files.getFileStore(dir).type()).isNotEqualTo("tmpfs");
        direct = DirectWrites.probe(dir);

        assertThat(direct.alignment()).hasValueSatisfying(alignment -> {
            assertThat(Integer.bitCount(alignment)).isEqualTo(1);
            assertThat(alignment).isGreaterThanOrEqualTo(4096);
        });
        assertThat(dir.resolve(".direct-io-probe")).doesNotExist();
    }

    @Test
    void disabled_neverOpensDirect_butStillLendsDirectStaging() throws IOException {
        Path file = Files.createFile(dir.resolve("data"));

        assertThatThrownBy(() -> buffered.openDirect(file)).isInstanceOf(IllegalStateException.class);
        assertThat(buffered.alignment()).isEmpty();
        assertThat(buffered.take()).hasValueSatisfying(pair -> assertThat(pair).allMatch(ByteBuffer::isDirect));
    }

    @Test
    void write_manyBuffersFromAnEmptyFile_fileHoldsExactlyTheBytes() throws IOException {
        byte[] content = random(1, 5 * DirectWrites.STAGING_SIZE + 12_345);
        Path file = Files.createFile(dir.resolve("data"));

        appendInPieces(useDirect(), file, content, 65_536);

        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void write_requestsOfOddSizes_eachStartingMidBlock_fileHoldsAllInOrder() throws IOException {
        DirectWrites writes = useDirect();
        Path file = Files.createFile(dir.resolve("data"));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int[] sizes = {1, 4095, 4097, DirectWrites.STAGING_SIZE + 3, 7, 2 * DirectWrites.STAGING_SIZE, 0, 100_001};

        for (int i = 0; i < sizes.length; i++) {
            byte[] piece = random(10 + i, sizes[i]);
            appendInPieces(writes, file, piece, 10_000 + i);
            expected.writeBytes(piece);
            assertThat(Files.size(file)).isEqualTo(expected.size());
        }

        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void write_aligned_onlyTheUnalignedTailGoesThroughThePageCache() throws IOException {
        DirectWrites writes = useDirect();
        Path file = Files.createFile(dir.resolve("data"));
        byte[] content = random(3, 3 * DirectWrites.STAGING_SIZE + 100);

        long cached = appendInPieces(writes, file, content, 32_768);

        assertThat(cached).isLessThan(DirectWrites.STAGING_SIZE);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void write_withoutDirectWrites_everyByteGoesThroughThePageCache() throws IOException {
        Path file = Files.createFile(dir.resolve("data"));
        byte[] content = random(4, 2 * DirectWrites.STAGING_SIZE + 17);

        long cached = appendInPieces(buffered, file, content, 50_000);

        assertThat(cached).isEqualTo(content.length);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void finish_smallRequest_writtenInline_withoutOpeningTheDirectDescriptor() throws IOException {
        DirectWrites writes = useDirect();
        Path file = Files.createFile(dir.resolve("data"));
        byte[] content = random(8, 3000);
        List<Thread> observedOn = new java.util.ArrayList<>();
        withDirectAppender(writes, file, () -> {
            throw new IOException("must not be opened");
        }, buffer -> observedOn.add(Thread.currentThread()), appender -> {
            appender.write(ByteBuffer.wrap(content));
            appender.finish();
        });

        assertThat(observedOn).containsExactly(Thread.currentThread());
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void write_heapStaging_everyByteGoesThroughThePageCache() throws IOException {
        Path file = Files.createFile(dir.resolve("data"));
        byte[] content = random(5, 3 * FileBlobUpload.HEAP_STAGING_SIZE + 5);
        List<ByteBuffer> heap = List.of(ByteBuffer.allocate(FileBlobUpload.HEAP_STAGING_SIZE),
                ByteBuffer.allocate(FileBlobUpload.HEAP_STAGING_SIZE));

        try (UploadAppender appender = new UploadAppender(FileChannel.open(file, StandardOpenOption.WRITE),
                Optional.empty(), 4096, heap, ChunkObserver.NONE, buffered.stages())) {
            appender.write(ByteBuffer.wrap(content));
            appender.finish();
            assertThat(appender.cachedBytes()).isEqualTo(content.length);
        }

        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void write_backgroundWriteFails_nextCallReportsIt() throws IOException {
        DirectWrites writes = useDirect();
        Path file = Files.createFile(dir.resolve("data"));
        FileChannel brokenDirect = writes.openDirect(file);
        brokenDirect.close();
        ByteBuffer bytes = ByteBuffer.wrap(random(5, 6 * DirectWrites.STAGING_SIZE));

        withDirectAppender(writes, file, () -> brokenDirect, ChunkObserver.NONE, appender ->
                assertThatThrownBy(() -> {
                    appender.write(bytes);
                    appender.finish();
                }).isInstanceOf(IOException.class));
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void write_observerFails_itsExceptionReachesTheCaller_andTheFileHoldsAPrefixWithoutGaps() throws IOException {
        DirectWrites writes = useDirect();
        Path file = Files.createFile(dir.resolve("data"));
        IllegalStateException broken = new IllegalStateException("hash state lost");
        int[] calls = {0};
        ChunkObserver failsSecond = buffer -> {
            if (++calls[0] == 2) {
                throw broken;
            }
        };
        byte[] content = random(6, 6 * DirectWrites.STAGING_SIZE);

        withDirectAppender(writes, file, () -> writes.openDirect(file), failsSecond, appender ->
                assertThatThrownBy(() -> {
                    appender.write(ByteBuffer.wrap(content));
                    appender.finish();
                }).isSameAs(broken));

        // Writes run beside the hash, so some buffers after the failed one may be written; never one after a gap.
        byte[] stored = Files.readAllBytes(file);
        assertThat(stored.length % DirectWrites.STAGING_SIZE).isZero();
        assertThat(stored.length).isLessThan(content.length);
        assertThat(stored).isEqualTo(java.util.Arrays.copyOf(content, stored.length));
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void write_observerSeesEveryByteInOrder_onAnotherThread() throws IOException {
        DirectWrites writes = useDirect();
        Path file = Files.createFile(dir.resolve("data"));
        byte[] content = random(7, 7 * DirectWrites.STAGING_SIZE + 999);
        ByteArrayOutputStream observed = new ByteArrayOutputStream();
        List<Thread> observedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        ChunkObserver recording = buffer -> {
            observedOn.add(Thread.currentThread());
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            observed.writeBytes(copy);
        };

        withDirectAppender(writes, file, () -> writes.openDirect(file), recording, appender -> {
            for (int at = 0; at < content.length; at += 70_000) {
                appender.write(ByteBuffer.wrap(content, at, Math.min(70_000, content.length - at)));
            }
            appender.finish();
        });

        assertThat(observed.toByteArray()).isEqualTo(content);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(observedOn).hasSizeGreaterThan(4).doesNotContain(Thread.currentThread());
    }

    @Test
    void write_slowObserver_writesOfLaterBuffersGoOnMeanwhile() throws Exception {
        DirectWrites writes = useDirect();
        Path file = Files.createFile(dir.resolve("data"));
        byte[] content = random(11, 8 * DirectWrites.STAGING_SIZE);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ByteArrayOutputStream observed = new ByteArrayOutputStream();
        ChunkObserver stuckOnFirst = buffer -> {
            if (observed.size() == 0) {
                awaitQuietly(release);
            }
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            observed.writeBytes(copy);
        };
        long written = 0;
        java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread pushing = Thread.ofVirtual().start(() -> {
            try {
                withDirectAppender(writes, file, () -> writes.openDirect(file), stuckOnFirst, appender -> {
                    appender.write(ByteBuffer.wrap(content));
                    appender.finish();
                });
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try {
            // The first buffer's hash is stuck; the writes of the buffers taken meanwhile (the ring) still land.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((written = Files.size(file)) < (long) (DirectWrites.STAGING_PER_APPEND) * DirectWrites.STAGING_SIZE
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(written).isEqualTo((long) DirectWrites.STAGING_PER_APPEND * DirectWrites.STAGING_SIZE);
            assertThat(observed.size()).isZero();
        } finally {
            release.countDown();
            pushing.join();
        }

        assertThat(failure.get()).isNull();
        assertThat(observed.toByteArray()).isEqualTo(content);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void write_directDescriptorCannotBeOpened_restGoesThroughThePageCache() throws IOException {
        DirectWrites writes = useDirect();
        Path file = Files.createFile(dir.resolve("data"));
        byte[] content = random(9, 5 * DirectWrites.STAGING_SIZE + 3);
        withDirectAppender(writes, file, () -> {
            throw new IOException("Too many open files");
        }, ChunkObserver.NONE, appender -> {
            appender.write(ByteBuffer.wrap(content));
            appender.finish();
            assertThat(appender.cachedBytes()).isEqualTo(content.length);
        });

        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void take_directMemoryExhausted_emptyAndNoStagingLost() {
        DirectWrites exhausted = DirectWrites.disabled(size -> {
            throw new OutOfMemoryError("Cannot reserve " + size + " bytes of direct buffer memory");
        });
        try {
            assertThat(exhausted.take()).isEmpty();
            assertThat(exhausted.available()).isEqualTo(DirectWrites.MAX_STAGING);
        } finally {
            exhausted.close();
        }
    }

    @Test
    void stages_afterClose_runOnTheCallingThread() {
        DirectWrites closed = DirectWrites.disabled();
        closed.close();
        List<Thread> ranOn = new java.util.ArrayList<>();

        closed.stages().execute(() -> ranOn.add(Thread.currentThread()));

        assertThat(ranOn).containsExactly(Thread.currentThread());
    }

    @Test
    void takePair_allStagingInUse_empty_andAvailableAgainOnceGiven() {
        DirectWrites writes = useDirect();
        List<List<ByteBuffer>> taken = new java.util.ArrayList<>();
        for (int i = 0; i < DirectWrites.MAX_STAGING / DirectWrites.STAGING_PER_APPEND; i++) {
            taken.add(writes.take().orElseThrow());
        }

        assertThat(writes.take()).isEmpty();
        writes.give(taken.remove(0));
        assertThat(writes.take()).hasValueSatisfying(pair -> assertThat(pair).allSatisfy(buffer -> {
            assertThat(buffer.isDirect()).isTrue();
            assertThat(buffer.capacity()).isEqualTo(DirectWrites.STAGING_SIZE);
            assertThat(buffer.alignmentOffset(0, writes.alignment().orElseThrow())).isZero();
        }));
    }

    /** One request's append: {@code content} handed over in pieces of {@code piece} bytes; returns bytes cached. */
    private static long appendInPieces(DirectWrites writes, Path file, byte[] content, int piece) throws IOException {
        Optional<List<ByteBuffer>> staging = writes.take();
        List<ByteBuffer> buffers = staging.orElseGet(() -> List.of(
                ByteBuffer.allocate(DirectWrites.STAGING_SIZE), ByteBuffer.allocate(DirectWrites.STAGING_SIZE)));
        try (UploadAppender appender = new UploadAppender(FileChannel.open(file, StandardOpenOption.WRITE),
                staging.isPresent() && writes.alignment().isPresent()
                        ? Optional.of(() -> writes.openDirect(file)) : Optional.empty(), writes.alignment().orElse(1),
                buffers, ChunkObserver.NONE, writes.stages())) {
            for (int at = 0; at < content.length; at += piece) {
                appender.write(ByteBuffer.wrap(content, at, Math.min(piece, content.length - at)));
            }
            appender.finish();
            return appender.cachedBytes();
        } finally {
            staging.ifPresent(writes::give);
        }
    }

    /** Runs {@code work} on an appender over {@code file} with direct staging from {@code writes}, then returns it. */
    private static void withDirectAppender(DirectWrites writes, Path file, UploadAppender.DirectOpener opener,
                                           ChunkObserver observer, AppenderWork work) throws IOException {
        List<ByteBuffer> staging = writes.take().orElseThrow();
        try (UploadAppender appender = new UploadAppender(FileChannel.open(file, StandardOpenOption.WRITE),
                Optional.of(opener), writes.alignment().orElseThrow(), staging, observer, writes.stages())) {
            work.run(appender);
        } finally {
            writes.give(staging);
        }
    }

    @FunctionalInterface
    private interface AppenderWork {
        void run(UploadAppender appender) throws IOException;
    }

    private DirectWrites useDirect() {
        direct = DirectWrites.probe(dir);
        assumeThat(direct.alignment()).as("O_DIRECT on the test file system").isPresent();
        return direct;
    }

    private static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
