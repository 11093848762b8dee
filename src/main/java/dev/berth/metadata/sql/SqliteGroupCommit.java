package dev.berth.metadata.sql;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The single SQLite write connection, shared by group commit. A writer queues its work and takes the lock;
 * whoever holds the lock runs every queued work (up to {@link #MAX_BATCH}) in one transaction, each inside its
 * own savepoint, and commits once. A commit costs one sync of the WAL whatever the batch size, so concurrent
 * pushes share it; a work that throws is rolled back to its savepoint alone. Each caller returns only after the
 * commit that made its work durable, with its own result or exception: the same outcome as running the works one
 * after another.
 *
 * <p>With {@link SqliteDurability#FULL}, a batch made only of {@link #writeWithoutSync} works commits with
 * {@code synchronous = NORMAL}: no WAL sync, so it may be lost in a crash, but the WAL is written in order, so the
 * next synced commit makes it durable too and nothing later survives without it.
 */
final class SqliteGroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteGroupCommit.class);
    static final int MAX_BATCH = 64;

    private final SqlSession writer;
    private final SqliteDurability durability;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<QueuedWrite<?>> queue = new ConcurrentLinkedQueue<>();
    private boolean closed;
    /** Set when synced commits can no longer be promised; writes then fail, and {@link #close()} still closes. */
    private boolean refusingWrites;

    SqliteGroupCommit(SqlSession writer, SqliteDurability durability) {
        this.writer = writer;
        this.durability = durability;
    }

    <T> T write(Function<SqlSession, T> work) {
        return enqueue(work, true);
    }

    /** A write whose commit need not be synced (see the class comment). */
    <T> T writeWithoutSync(Function<SqlSession, T> work) {
        return enqueue(work, false);
    }

    private <T> T enqueue(Function<SqlSession, T> work, boolean sync) {
        if (lock.isHeldByCurrentThread()) {
            // A work may run on another caller's thread; a write inside it would start a transaction in a transaction.
            throw RegistryException.of(ErrorCode.UNKNOWN, "a metadata write cannot run inside another write");
        }
        QueuedWrite<T> mine = new QueuedWrite<>(work, sync);
        queue.add(mine);
        lock.lock();
        try {
            while (!mine.isDone()) {
                if (closed) {
                    failQueued(RegistryException.of(ErrorCode.UNAVAILABLE, "metadata store is closed"));
                } else if (refusingWrites) {
                    failQueued(RegistryException.of(ErrorCode.UNAVAILABLE,
                            "metadata writes refused: synchronous commits could not be restored"));
                } else {
                    runBatch();
                }
            }
        } finally {
            lock.unlock();
        }
        return mine.outcome();
    }

    private void runBatch() {
        List<QueuedWrite<?>> batch = new ArrayList<>();
        for (QueuedWrite<?> next = queue.poll(); next != null; next = batch.size() < MAX_BATCH ? queue.poll() : null) {
            batch.add(next);
        }
        List<QueuedWrite<?>> applied = new ArrayList<>(batch.size());
        boolean relaxed = durability == SqliteDurability.FULL && batch.stream().noneMatch(QueuedWrite::sync);
        try {
            if (relaxed) {
                writer.update("PRAGMA synchronous = NORMAL");
            }
            // IMMEDIATE takes the write lock at BEGIN, so no statement can fail later on a lock upgrade.
            writer.update("BEGIN IMMEDIATE");
            for (QueuedWrite<?> write : batch) {
                if (write.applyInSavepoint(writer)) {
                    applied.add(write);
                }
            }
            writer.update("COMMIT");
            applied.forEach(QueuedWrite::commit);
        } catch (RuntimeException | Error thrown) {
            // BEGIN, COMMIT or a savepoint failed: nothing of the batch is kept, and every write of it must end
            // here, or its caller would wait for a batch that no longer holds it.
            rollbackQuietly();
            RuntimeException failure = thrown instanceof RuntimeException e
                    ? e : RegistryException.internal("metadata write batch failed", thrown);
            batch.stream().filter(write -> !write.isDone()).forEach(write -> write.fail(failure));
        } finally {
            if (relaxed) {
                restoreFullSync();
            }
        }
    }

    private void restoreFullSync() {
        try (Statement statement = writer.connection().createStatement()) {
            statement.execute("PRAGMA synchronous = FULL");
        } catch (SQLException e) {
            // Unsynced commits from here on would break the durability promised for plain writes: refuse them all.
            LOG.error("cannot restore synchronous commits on the metadata database; refusing further writes", e);
            refusingWrites = true;
        }
    }

    private void failQueued(RuntimeException failure) {
        for (QueuedWrite<?> write = queue.poll(); write != null; write = queue.poll()) {
            write.fail(failure);
        }
    }

    private void rollbackQuietly() {
        try (Statement statement = writer.connection().createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction left to roll back (a failed COMMIT may already have ended it).
        }
    }

    /** Closes the connection once the batch in progress has committed; later writes fail as unavailable. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            failQueued(RegistryException.of(ErrorCode.UNAVAILABLE, "metadata store is closed"));
            try (Statement statement = writer.connection().createStatement()) {
                statement.execute("PRAGMA optimize");
            } catch (SQLException ignored) {
                // Only planner statistics; the database is complete without them.
            }
            writer.close();
            try {
                writer.connection().close();
            } catch (SQLException ignored) {
                // Closing a local file connection; nothing to recover.
            }
        } finally {
            lock.unlock();
        }
    }

    /** One caller's work and, once decided, its outcome. Touched under the lock, read by its caller after. */
    private static final class QueuedWrite<T> {
        private static final String SAVEPOINT = "SAVEPOINT work";
        private static final String RELEASE = "RELEASE work";
        private static final String ROLLBACK_TO = "ROLLBACK TO work";

        private final Function<SqlSession, T> work;
        private final boolean sync;
        private T result;
        private Throwable failure;
        private volatile boolean done;

        QueuedWrite(Function<SqlSession, T> work, boolean sync) {
            this.work = work;
            this.sync = sync;
        }

        boolean sync() {
            return sync;
        }

        boolean isDone() {
            return done;
        }

        /**
         * Runs the work in a savepoint. True when it succeeded (its result waits for the commit); when it threw,
         * its changes are rolled back, it is done with that exception, and false is returned. Throws when the
         * savepoint itself cannot be rolled back: the batch is then lost as a whole.
         */
        boolean applyInSavepoint(SqlSession session) {
            session.update(SAVEPOINT);
            try {
                result = work.apply(session);
            } catch (RuntimeException | Error thrown) {
                failure = thrown;
                done = true;
                try {
                    session.update(ROLLBACK_TO);
                    session.update(RELEASE);
                } catch (RuntimeException rollbackFailed) {
                    // SQLite ends the whole transaction itself after some errors (I/O, full disk): pass their cause on.
                    throw thrown instanceof RegistryException cause ? cause : rollbackFailed;
                }
                return false;
            }
            session.update(RELEASE);
            return true;
        }

        void commit() {
            done = true;
        }

        void fail(RuntimeException batchFailure) {
            result = null;
            failure = batchFailure;
            done = true;
        }

        T outcome() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return result;
        }
    }
}
