package dev.berth.metadata;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link Locks} must do. A backend's test says how to get the locks of "node" {@code i}: the same
 * instance for in-process locks, separate instances on one database for shared ones, so the same tests show
 * exclusion across nodes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class LocksContract {
    private final List<Locks> opened = new ArrayList<>();

    /** The locks of node {@code index} (0, 1, 2 …); the contract closes them after each test. */
    protected abstract Locks openNode(int index);

    protected Locks node(int index) {
        while (opened.size() <= index) {
            opened.add(openNode(opened.size()));
        }
        return opened.get(index);
    }

    @AfterEach
    void closeNodes() {
        opened.forEach(Locks::close);
    }

    @Test
    void holding_free_runsWorkAndReturnsItsResult() {
        assertThat(node(0).holding("upload/a", () -> 42)).isEqualTo(42);
        assertThat(node(0).holdingIfFree("upload/a", () -> "again")).contains("again");
    }

    @Test
    void holding_manyThreadsOnThreeNodesSameName_neverOverlap() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                Locks locks = node(t % 3);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        locks.holding("upload/shared", () -> {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            runs.incrementAndGet();
                            inside.decrementAndGet();
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).hasValue(240);
        assertThat(maxInside).hasValue(1);
    }

    @Test
    void holding_differentNames_doNotWaitForEachOther() throws Exception {
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = pool.submit(() -> node(0).holding("upload/one", () -> {
                firstHeld.countDown();
                await(release);
                return null;
            }));
            assertThat(firstHeld.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(node(1).holding("upload/two", () -> "ran")).isEqualTo("ran");

            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void holdingIfFree_heldOnAnotherNode_emptyWithoutRunningThenFreeAfterRelease() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = pool.submit(() -> node(0).holding("job/purge", () -> {
                held.countDown();
                await(release);
                return null;
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

            Optional<Integer> whileHeld = node(1).holdingIfFree("job/purge", ran::incrementAndGet);

            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(whileHeld).isEmpty();
            assertThat(ran).hasValue(0);
            assertThat(node(1).holdingIfFree("job/purge", ran::incrementAndGet)).contains(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void holding_workThrows_rethrowsAndReleases() {
        assertThatThrownBy(() -> node(0).holding("upload/failing", () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(node(1).holdingIfFree("upload/failing", () -> "free")).contains("free");
    }

    @Test
    void holding_otherNameInsideWork_bothHeld() {
        String result = node(0).holding("job/purge", () -> node(0).holding("upload/x", () -> "nested"));

        assertThat(result).isEqualTo("nested");
        assertThat(node(1).holdingIfFree("job/purge", () -> true)).contains(true);
        assertThat(node(1).holdingIfFree("upload/x", () -> true)).contains(true);
    }

    protected static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
