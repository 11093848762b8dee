package dev.berth.metadata.sql;

import java.time.Instant;

/**
 * Timestamps are stored as nanoseconds since the Unix epoch in a 64-bit integer: exact for every {@link Instant}
 * a clock gives (years 1677 to 2262), the same on both databases, and cheap to compare.
 */
final class EpochNanos {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EpochNanos() {
    }

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }
}
