package dev.berth.metadata.sql;

import dev.berth.metadata.Locks;
import dev.berth.metadata.LocksContract;
import dev.berth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract across "nodes": separate {@link PostgresLocks} on one PostgreSQL database. */
class PostgresLocksTest extends LocksContract {
    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected Locks openNode(int index) {
        return PostgresLocks.open(database.url(), database.user(), database.password(), Duration.ofSeconds(30));
    }

    @Test
    void holding_connectionKilledWhileHeld_otherNodeGetsLockAndFirstNodeRecovers() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> holder = pool.submit(() -> node(0).holding("upload/killed", () -> {
                held.countDown();
                await(release);
                return "finished";
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(node(1).holdingIfFree("upload/killed", () -> true)).isEmpty();

            assertThat(database.terminateConnections("berth-locks")).isPositive();

            assertThat(node(1).holding("upload/killed", () -> "taken over")).isEqualTo("taken over");
            release.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(node(0).holding("upload/killed", () -> "again")).isEqualTo("again");
    }

    @Test
    void key_sameName_sameKeyAndDifferentNames_differentKeys() {
        assertThat(PostgresLocks.key("upload/a")).isEqualTo(PostgresLocks.key("upload/a"));
        assertThat(PostgresLocks.key("upload/a")).isNotEqualTo(PostgresLocks.key("upload/b"));
    }
}
