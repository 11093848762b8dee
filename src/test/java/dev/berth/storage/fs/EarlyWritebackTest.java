package dev.berth.storage.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EarlyWritebackTest {
    @TempDir
    Path dir;

    @Test
    void start_noFlushInFlight_flushesTheFile() throws Exception {
        List<Path> flushed = new CopyOnWriteArrayList<>();
        Path file = Files.writeString(dir.resolve("data"), "bytes");
        try (EarlyWriteback writeback = new EarlyWriteback(flushed::add)) {
            assertThat(writeback.start("u1", file)).isTrue();
            writeback.await("u1");

            assertThat(flushed).containsExactly(file);
            assertThat(file).hasContent("bytes");
        }
    }

    @Test
    void start_flushInFlight_doesNotStartAnotherForAnyUpload() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Path> flushed = new CopyOnWriteArrayList<>();
        Path file = Files.writeString(dir.resolve("data"), "bytes");
        try (EarlyWriteback writeback = new EarlyWriteback(f -> {
            awaitQuietly(release);
            flushed.add(f);
        })) {
            assertThat(writeback.start("u1", file)).isTrue();
            assertThat(writeback.start("u1", file)).isFalse();
            assertThat(writeback.start("u2", file)).as("limit of %d in flight", EarlyWriteback.MAX_IN_FLIGHT)
                    .isFalse();
            release.countDown();
            writeback.await("u1");
            writeback.await("u2");

            assertThat(flushed).hasSize(1);
            assertThat(writeback.start("u2", file)).isTrue();
            writeback.await("u2");
            assertThat(flushed).hasSize(2);
        }
    }

    @Test
    void await_flushInFlight_returnsOnlyAfterItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Path> flushed = new CopyOnWriteArrayList<>();
        Path file = Files.writeString(dir.resolve("data"), "bytes");
        try (EarlyWriteback writeback = new EarlyWriteback(f -> {
            awaitQuietly(release);
            flushed.add(f);
        })) {
            writeback.start("u1", file);
            Thread.ofVirtual().start(() -> {
                sleepQuietly(100);
                release.countDown();
            });
            writeback.await("u1");

            assertThat(flushed).containsExactly(file);
        }
    }

    @Test
    void flush_fails_deletesTheUploadsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "bytes");
        try (EarlyWriteback writeback = new EarlyWriteback(f -> {
            throw new IOException("EIO");
        })) {
            writeback.start("u1", file);
            writeback.await("u1");

            assertThat(file).doesNotExist();
        }
    }

    @Test
    void flush_couldNotStart_keepsTheUploadsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "bytes");
        try (EarlyWriteback writeback = new EarlyWriteback(f -> {
            throw new EarlyWriteback.NotStarted(new IOException("Too many open files"));
        })) {
            writeback.start("u1", file);
            writeback.await("u1");

            assertThat(file).hasContent("bytes");
        }
    }

    @Test
    void defaultFlush_ofAFileThatCannotBeOpenedForWriting_keepsIt() throws Exception {
        // A directory cannot be opened for writing: the open fails before any sync, like a descriptor shortage.
        Path notAFile = Files.createDirectory(dir.resolve("not-a-file"));
        try (EarlyWriteback writeback = new EarlyWriteback()) {
            writeback.start("u1", notAFile);
            writeback.await("u1");

            assertThat(notAFile).isDirectory();
        }
    }

    @Test
    void flush_failsAndFileCannotBeDeleted_awaitFailsUntilForgotten() throws Exception {
        Path notEmpty = Files.createDirectory(dir.resolve("data"));
        Files.writeString(notEmpty.resolve("inside"), "x");
        try (EarlyWriteback writeback = new EarlyWriteback(f -> {
            throw new AccessDeniedException(f.toString());
        })) {
            writeback.start("u1", notEmpty);

            assertThatThrownBy(() -> writeback.await("u1")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> writeback.await("u1")).isInstanceOf(IOException.class);
            writeback.forget("u1");
            writeback.await("u1");
        }
    }

    @Test
    void flush_fileAlreadyGone_isIgnored() throws Exception {
        try (EarlyWriteback writeback = new EarlyWriteback()) {
            writeback.start("u1", dir.resolve("committed-meanwhile"));
            writeback.await("u1");
        }
    }

    @Test
    void start_afterClose_doesNothingAndAwaitReturns() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "bytes");
        EarlyWriteback writeback = new EarlyWriteback();
        writeback.close();

        writeback.start("u1", file);
        writeback.await("u1");
        assertThat(file).hasContent("bytes");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
