package dev.berth.metadata;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract in one process: every "node" is the same instance. */
class InProcessLocksTest extends LocksContract {
    private final InProcessLocks locks = new InProcessLocks(Duration.ofMillis(300));

    @Override
    protected Locks openNode(int index) {
        return locks;
    }

    @Test
    void holding_afterManyNames_keepsNoEntryBehind() {
        for (int i = 0; i < 1000; i++) {
            locks.holding("upload/" + i, () -> true);
            locks.holdingIfFree("job/" + i, () -> true);
        }

        assertThat(locks.inUse()).isZero();
    }

    @Test
    void holding_heldLongerThanMaxWait_waiterGetsUnavailable() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = pool.submit(() -> locks.holding("upload/slow", () -> {
                held.countDown();
                await(release);
                return null;
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> locks.holding("upload/slow", () -> null))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(locks.inUse()).isZero();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
