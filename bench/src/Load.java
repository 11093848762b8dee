import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Closed-loop request loads: a thread per connection (Range GETs), and wrk (small GETs). */
final class Load {

    record Result(double perSecond, double p50Millis, double p99Millis, long requests) {
    }

    /** One request on a connection; throws when the answer is wrong. */
    interface Step {
        void run(HttpConn connection, int worker, long iteration) throws IOException;
    }

    private Load() {
    }

    static Result closedLoop(String host, int port, int connections, double seconds, Step step)
            throws IOException {
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        long[] ends = new long[connections];
        long[] window = new long[2];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // the measured window opens when every worker is connected and primed
        CyclicBarrier start = new CyclicBarrier(connections, () -> {
            window[0] = System.nanoTime();
            window[1] = window[0] + (long) (seconds * 1e9);
        });
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            int worker = w;
            threads.add(Thread.ofPlatform().name("load-" + w).start(() -> {
                long[] lat = new long[4096];
                int n = 0;
                try (HttpConn c = new HttpConn(host, port).timeout(30)) {
                    step.run(c, worker, -1);
                    start.await(30, TimeUnit.SECONDS);
                    long deadline = window[1];
                    long now = System.nanoTime();
                    while (now < deadline && failure.get() == null) {
                        step.run(c, worker, n);
                        long done = System.nanoTime();
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = done - now;
                        now = done;
                    }
                    ends[worker] = now;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    start.reset();
                }
                latencies[worker] = lat;
                counts[worker] = n;
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (failure.get() != null) {
            Throwable f = failure.get();
            throw new IOException("load failed: " + f, f);
        }
        long last = window[0];
        for (long e : ends) {
            last = Math.max(last, e);
        }
        return summarize(latencies, counts, (last - window[0]) / 1e9);
    }

    /** Requests per second and latency percentiles from per-worker latency arrays (nanoseconds). */
    static Result summarize(long[][] latencies, int[] counts, double elapsedSeconds) {
        int total = 0;
        for (int n : counts) {
            total += n;
        }
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < counts.length; w++) {
            System.arraycopy(latencies[w], 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        return new Result(total / elapsedSeconds, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6, total);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s*([0-9.]+)");
    private static final Pattern PCT = Pattern.compile("^\\s*(50|99)%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s*(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:([^\\n]*)");

    /** Runs wrk with latency percentiles; fails on any non-2xx answer or socket error. */
    static Result wrk(String url, int connections, int threads, double seconds, List<String> headers)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + Math.max(1, Math.round(seconds)) + "s", "--latency", "--timeout", "10s"));
        for (String h : headers) {
            cmd.add("-H");
            cmd.add(h);
        }
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor((long) seconds + 30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("wrk failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Matcher bad = NON_2XX.matcher(out);
        if (bad.find()) {
            throw new IOException("wrk saw " + bad.group(1) + " non-2xx answers from " + url);
        }
        Matcher sockErr = SOCKET_ERRORS.matcher(out);
        if (sockErr.find()) {
            throw new IOException("wrk socket errors:" + sockErr.group(1));
        }
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IOException("cannot read wrk output: " + out.strip());
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher pct = PCT.matcher(out);
        while (pct.find()) {
            double v = Double.parseDouble(pct.group(2)) * switch (pct.group(3)) {
                case "us" -> 0.001;
                case "ms" -> 1.0;
                case "s" -> 1000.0;
                default -> 60_000.0;
            };
            if (pct.group(1).equals("50")) {
                p50 = v;
            } else {
                p99 = v;
            }
        }
        long requests = Math.round(Double.parseDouble(rate.group(1)) * seconds);
        return new Result(Double.parseDouble(rate.group(1)), p50, p99, requests);
    }
}
