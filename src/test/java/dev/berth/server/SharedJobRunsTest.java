package dev.berth.server;

import dev.berth.metadata.Locks;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.sql.PostgresLocks;
import dev.berth.metadata.sql.PostgresMetadataStore;
import dev.berth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Three nodes on one PostgreSQL database scheduling the same job: it runs once per interval, never twice at once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedJobRunsTest {
    private static final Duration INTERVAL = Duration.ofHours(1);

    private PostgresTestDatabase database;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<SharedJobRuns> nodes = new ArrayList<>();
    private volatile Instant now = Instant.parse("2026-05-01T10:00:00Z");

    @BeforeEach
    void startNodes() {
        database = PostgresTestDatabase.create();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        for (int i = 0; i < 3; i++) {
            MetadataStore metadata = PostgresMetadataStore.open(database.url(), database.user(), database.password(), 4);
            Locks locks = PostgresLocks.open(database.url(), database.user(), database.password());
            opened.add(metadata);
            opened.add(locks);
            nodes.add(new SharedJobRuns(metadata, locks, clock));
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void runIfDue_everyNodeTicksEachInterval_runsOncePerInterval() {
        AtomicInteger runs = new AtomicInteger();

        for (int interval = 0; interval < 3; interval++) {
            for (SharedJobRuns node : nodes) {
                node.runIfDue("purge", INTERVAL, runs::incrementAndGet);
            }
            now = now.plus(INTERVAL).minusSeconds(60);
        }

        assertThat(runs).hasValue(3);
    }

    @Test
    void runIfDue_otherNodeStillRunning_skipsWithoutWaiting() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> first = pool.submit(() -> nodes.get(0).runIfDue("gc", Duration.ofMillis(1), () -> {
                running.countDown();
                awaitQuietly(finish);
            }));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            now = now.plusSeconds(10);

            boolean second = nodes.get(1).runIfDue("gc", Duration.ofMillis(1), () -> {
                throw new AssertionError("ran while another node was running the job");
            });

            finish.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(second).isFalse();
            assertThat(nodes.get(2).runIfDue("gc", Duration.ofMillis(1), () -> { })).isTrue();
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
