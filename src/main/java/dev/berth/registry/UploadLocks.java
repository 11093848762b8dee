package dev.berth.registry;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the requests of one upload inside this process (a client retrying a PATCH while the first is still
 * streaming must not interleave bytes). Striped so memory stays constant however many uploads there are.
 */
final class UploadLocks {
    private final ReentrantLock[] stripes;

    UploadLocks(int count) {
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    <T> T withLock(String uploadId, Supplier<T> work) {
        ReentrantLock lock = stripes[Math.floorMod(uploadId.hashCode(), stripes.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
