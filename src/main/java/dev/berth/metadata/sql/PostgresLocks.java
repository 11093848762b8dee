package dev.berth.metadata.sql;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.metadata.InProcessLocks;
import dev.berth.metadata.Locks;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * {@link Locks} across every node of one PostgreSQL database, as session-level advisory locks keyed by a 64-bit
 * hash of the name. A node first takes the name inside its own process (so its own requests queue there, at no
 * database cost), then tries the advisory lock on one of a few long-lived connections of its own, chosen by the
 * key so a lock is released on the connection that took it. A lock held by another node is tried again after a
 * short, growing, random pause. Holding a lock costs no connection and no open transaction, however long the work
 * (a PATCH streaming gigabytes) runs; a node that dies loses its connections and PostgreSQL frees its locks.
 */
public final class PostgresLocks implements Locks {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresLocks.class);
    private static final int SESSIONS = 2;
    private static final long FIRST_PAUSE_MILLIS = 2;
    private static final long MAX_PAUSE_MILLIS = 200;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final int SOCKET_TIMEOUT_SECONDS = 30;

    private final InProcessLocks local;
    private final AdvisoryLockSession[] sessions = new AdvisoryLockSession[SESSIONS];
    private final Duration maxWait;

    private PostgresLocks(PGSimpleDataSource source, Duration maxWait) {
        this.maxWait = maxWait;
        this.local = new InProcessLocks(maxWait);
        for (int i = 0; i < SESSIONS; i++) {
            sessions[i] = new AdvisoryLockSession(source);
        }
    }

    /**
     * Locks on the database at {@code jdbcUrl}; connects lazily, on the first lock.
     *
     * @param maxWait how long {@link #holding} waits for a lock before failing with {@code UNAVAILABLE}
     */
    public static PostgresLocks open(String jdbcUrl, String user, String password, Duration maxWait) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(jdbcUrl);
        source.setUser(user);
        source.setPassword(password);
        source.setApplicationName("berth-locks");
        source.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        source.setTcpKeepAlive(true);
        return new PostgresLocks(source, maxWait);
    }

    public static PostgresLocks open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, InProcessLocks.DEFAULT_MAX_WAIT);
    }

    @Override
    public <T> T holding(String name, Supplier<T> work) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        return local.holding(name, () -> {
            long key = key(name);
            AdvisoryLockSession session = sessionFor(key);
            long pause = FIRST_PAUSE_MILLIS;
            OptionalLong generation = session.tryLock(key);
            while (generation.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    throw RegistryException.of(ErrorCode.UNAVAILABLE, "lock " + name + " still taken by another node"
                            + " after " + maxWait);
                }
                sleep(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1), name);
                pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
                generation = session.tryLock(key);
            }
            return runAndRelease(name, key, session, generation.getAsLong(), work);
        });
    }

    @Override
    public <T> Optional<T> holdingIfFree(String name, Supplier<T> work) {
        return local.holdingIfFree(name, () -> {
            long key = key(name);
            AdvisoryLockSession session = sessionFor(key);
            OptionalLong generation = session.tryLock(key);
            if (generation.isEmpty()) {
                return Optional.<T>empty();
            }
            return Optional.of(runAndRelease(name, key, session, generation.getAsLong(), work));
        }).flatMap(result -> result);
    }

    private static <T> T runAndRelease(String name, long key, AdvisoryLockSession session, long generation,
                                       Supplier<T> work) {
        boolean finished = false;
        try {
            T result = work.get();
            finished = true;
            return result;
        } finally {
            release(name, key, session, generation, finished);
        }
    }

    /**
     * Releases after the work. A release that fails, or finds the lock already gone, does not undo work that
     * completed: PostgreSQL frees the locks of a broken connection itself, and every result a lock protects is
     * checked again where it matters (an upload is committed only when its bytes hash to the digest).
     */
    private static void release(String name, long key, AdvisoryLockSession session, long generation,
                                boolean finished) {
        try {
            if (!session.unlock(key, generation)) {
                LOG.warn("lock {} was lost while held (its database connection failed)", name);
            }
        } catch (RegistryException e) {
            if (finished) {
                LOG.warn("could not release lock {}: {}", name, e.getMessage());
            }
        }
    }

    private AdvisoryLockSession sessionFor(long key) {
        return sessions[(int) Math.floorMod(key, (long) SESSIONS)];
    }

    /** The advisory lock key of a name: the first 64 bits of SHA-256 over {@code berth/<name>}. */
    static long key(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("berth/" + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void sleep(long millis, String name) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.unavailable("interrupted while waiting for lock " + name, e);
        }
    }

    @Override
    public void close() {
        for (AdvisoryLockSession session : sessions) {
            session.close();
        }
        local.close();
    }
}
