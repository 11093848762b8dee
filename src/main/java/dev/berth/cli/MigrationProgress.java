package dev.berth.cli;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;
import dev.berth.migration.MigrationListener;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints a migration's progress: a line about the blobs at most every {@code every}, each problem as it happens, and
 * one line per repository.
 */
final class MigrationProgress implements MigrationListener {
    private final PrintWriter out;
    private final long everyNanos;
    private final long started = System.nanoTime();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong alreadyThere = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastLine = new AtomicLong(System.nanoTime());

    MigrationProgress(PrintWriter out, Duration every) {
        this.out = out;
        this.everyNanos = every.toNanos();
    }

    @Override
    public void blobsToCheck(long count) {
        total.set(count);
        print("migrate: " + count + " blobs to check");
    }

    @Override
    public void blobCopied(Digest digest, long size) {
        copied.incrementAndGet();
        bytes.addAndGet(size);
        maybeReport();
    }

    @Override
    public void blobAlreadyThere(Digest digest, long size) {
        alreadyThere.incrementAndGet();
        maybeReport();
    }

    @Override
    public void blobFailed(Digest digest, String reason) {
        failed.incrementAndGet();
        print("migrate: PROBLEM " + digest + ": " + reason);
    }

    @Override
    public void repositoryCopied(RepositoryName repository, int manifests, int tags) {
        print("migrate: repository " + repository.value() + ": " + manifests + " manifests, " + tags + " tags");
    }

    @Override
    public void blobsFinished() {
        report();
    }

    private void maybeReport() {
        long now = System.nanoTime();
        long last = lastLine.get();
        if (now - last >= everyNanos && lastLine.compareAndSet(last, now)) {
            report();
        }
    }

    private void report() {
        long done = copied.get() + alreadyThere.get() + failed.get();
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        print(String.format(Locale.ROOT, "migrate: blobs %d/%d checked: %d copied (%s, %s/s), %d already there,"
                        + " %d problems", done, total.get(), copied.get(), bytes(bytes.get()),
                bytes((long) (bytes.get() / seconds)), alreadyThere.get(), failed.get()));
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }

    static String bytes(long count) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? count + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(Duration elapsed) {
        return String.format(Locale.ROOT, "%.1fs", elapsed.toMillis() / 1000.0);
    }
}
