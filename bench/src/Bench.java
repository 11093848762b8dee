import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The benchmark driver: runs every workload against Berth and Distribution alternately (A B A B, a warm-up
 * round then the measured rounds), the hardware ceilings in the same rounds, and reports medians, spreads,
 * ratios, CPU and memory. Started by bench/run.sh, which starts and stops the servers.
 */
public final class Bench {

    record Server(String name, String host, int port, long pid) {
        HttpConn connect() {
            return new HttpConn(host, port);
        }

        boolean registry() {
            return name.equals(Results.BERTH) || name.equals(Results.DISTRIBUTION);
        }
    }

    /** Sizes and durations of one mode. */
    record Plan(String mode, int rounds, long big, long warmBig, long chunk, int streamChunk, int concurrent,
                long concSize, double rangeSeconds, double loadSeconds, double warmSeconds, int repos,
                int warmRepos, int tagsPerRepo, int clients, int catalogN, int manyTags, int warmTags,
                int listReps, int smallLayer) {

        static Plan full(int rounds) {
            return new Plan("full", rounds, 1L << 30, 1L << 30, 16L << 20, 32 << 10, 8, 128L << 20, 4, 4, 1,
                    2000, 100, 5, 8, 100, 10_000, 500, 5, 4096);
        }

        static Plan quick(int rounds) {
            return new Plan("quick", rounds, 32L << 20, 8L << 20, 4L << 20, 32 << 10, 8, 4L << 20, 1, 1, 0.5,
                    40, 8, 5, 8, 10, 300, 50, 3, 4096);
        }

        long warmConc() {
            return Math.max(1L << 20, warmBig / concurrent);
        }
    }

    record BlobRef(String repo, String digest, long size) {
    }

    record Fixture(String manifestDigest, String layerDigest) {
    }

    interface Measure {
        /** Runs once on one server; round 0 is the warm-up. Returns figure id → value. */
        Map<String, Double> run(Server server, int round) throws Exception;
    }

    interface Task {
        void run(int worker) throws Exception;
    }

    private static final String MIB = " MiB";
    private final Plan plan;
    private final Path work;
    private final Path out;
    private final List<Server> registries = new ArrayList<>();
    private final Optional<Server> sink;
    private final Optional<Server> nginx;
    private final Set<String> only;
    private final Results results = new Results();
    private final Proc proc;
    private final Map<String, BlobRef> bigBlob = new HashMap<>();
    private final Map<String, Fixture> fixture = new HashMap<>();
    private final Map<String, String> manyTagsRepo = new HashMap<>();
    private final Map<String, double[]> cpuPush = new HashMap<>();
    private final Map<String, double[]> cpuPull = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final String runId = Long.toString(System.currentTimeMillis() % 2_176_782_336L, 36);
    private final AtomicLong sequence = new AtomicLong();
    private final String started = ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    private final long deadline;
    private DataFile data;

    private Bench(Map<String, String> args) {
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        this.plan = args.getOrDefault("mode", "full").equals("quick") ? Plan.quick(rounds) : Plan.full(rounds);
        this.work = Path.of(args.getOrDefault("work", "bench/work"));
        this.out = Path.of(args.getOrDefault("out", "bench/results/latest.md"));
        this.proc = new Proc(Long.parseLong(args.getOrDefault("clk-tck", "100")));
        server(args, Results.BERTH).ifPresent(registries::add);
        server(args, Results.DISTRIBUTION).ifPresent(registries::add);
        this.sink = server(args, "sink");
        this.nginx = server(args, "nginx");
        this.deadline = System.nanoTime() + (long) (Double.parseDouble(args.getOrDefault("budget", "2700")) * 1e9);
        this.only = args.containsKey("only") ? Set.of(args.get("only").split(",")) : Set.of();
        if (args.containsKey("berth-rev")) {
            notes.add("Berth source: git " + args.get("berth-rev"));
        }
        if (args.containsKey("note")) {
            notes.add(args.get("note"));
        }
        notes.add("load average (1, 5, 15 min) at the start: " + Proc.loadAverage());
    }

    private static Optional<Server> server(Map<String, String> args, String name) {
        String url = args.get(name);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String hostPort = url.replaceFirst("^http://", "").replaceAll("/.*$", "");
        int colon = hostPort.lastIndexOf(':');
        return Optional.of(new Server(name, hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)), Long.parseLong(args.getOrDefault(name + "-pid",
                "0"))));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + argv[i]);
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        Bench bench = new Bench(args);
        System.exit(bench.run());
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    // ---------------------------------------------------------------- the run

    private int run() throws Exception {
        say("== Berth vs Distribution benchmark, " + plan.mode() + " mode, " + started);
        say("   machine: " + Proc.machine());
        say("   servers: " + String.join(", ", registries.stream().map(s -> s.name() + " " + s.host() + ":"
                + s.port()).toList()) + sink.map(s -> ", sink :" + s.port()).orElse("")
                + nginx.map(s -> ", nginx :" + s.port()).orElse(""));
        if (registries.stream().noneMatch(s -> s.name().equals(Results.BERTH))) {
            say("   berth is not running: its figures and the ratios will be n/a");
        }
        long t0 = System.nanoTime();
        data = DataFile.open(work.resolve("data").resolve("blob-" + plan.big() + ".bin"), plan.big(),
                plan.big() - BlobSource.TAIL, plan.big(), plan.warmBig() - BlobSource.TAIL,
                plan.concSize() - BlobSource.TAIL, plan.warmConc() - BlobSource.TAIL);
        say(String.format(Locale.ROOT, "   data: %s ready in %.1f s", data.path(), (System.nanoTime() - t0) / 1e9));
        defineFigures();

        if (selected("sha256")) {
            hashCeilings();
        }
        runSeries();
        resources();
        notes.add("load average (1, 5, 15 min) at the end: " + Proc.loadAverage());
        Report report = new Report(results, started, plan.mode(), plan.rounds(), size(plan.big()), registries,
                notes);
        String markdown = report.markdown();
        say("");
        say(markdown);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown);
        say("wrote " + out);
        say("");
        for (String line : report.ratioLines()) {
            say(line);
        }
        return results.errors().isEmpty() ? 0 : 1;
    }

    private boolean selected(String id) {
        return only.isEmpty() || only.contains(id);
    }

    private void defineFigures() {
        String big = size(plan.big());
        def("push_monolithic", "push " + big + " monolithic (POST + PUT)", "MB/s", false);
        def("push_chunked", "push " + big + " in " + size(plan.chunk()) + " Content-Range PATCHes", "MB/s", false);
        def("push_streamed", "push " + big + " as one streamed PATCH (chunked encoding)", "MB/s", false);
        def("push_concurrent", plan.concurrent() + " concurrent pushes of " + size(plan.concSize()), "MB/s",
                false);
        def("pull_1", "pull " + big + ", 1 client", "MB/s", false);
        def("pull_4", "pull " + big + ", 4 concurrent clients", "MB/s", false);
        latencyFigures("range_1m", "1 MiB Range reads, 16 connections");
        def("populate", "populate " + plan.repos() + " repos x " + plan.tagsPerRepo() + " tags, "
                + plan.clients() + " clients", "s", true);
        latencyFigures("manifest_get_tag", "manifest GET by tag, 64 connections (wrk)");
        latencyFigures("manifest_get_digest", "manifest GET by digest, 64 connections (wrk)");
        latencyFigures("head_blob", "HEAD blob, 64 connections");
        latencyFigures("tags_list", "tags/list (20 tags), 64 connections (wrk)");
        def("catalog", "full _catalog walk, n=" + plan.catalogN(), "ms", true);
        def("push_many_tags", "push " + plan.manyTags() + " tags to one repo, " + plan.clients() + " clients", "s",
                true);
        def("tags_list_whole", "tags/list of " + plan.manyTags() + " tags, whole", "ms", true);
        def("tags_list_paged", "tags/list of " + plan.manyTags() + " tags, n=100 pages", "ms", true);
        def("cpu_per_gib_push", "server CPU seconds per GiB pushed", "s/GiB", true);
        def("cpu_per_gib_pull", "server CPU seconds per GiB pulled", "s/GiB", true);
        def("peak_rss", "server peak RSS over the run", "MiB", true);
        def("sha256_jdk", "JDK SHA-256, one core (per CPU second)", "MB/s", false);
        def("sha256_openssl", "openssl speed -evp sha256, 16 KiB blocks (per CPU second)", "MB/s", false);
    }

    private void def(String id, String title, String unit, boolean lowerIsBetter) {
        results.define(new Results.Figure(id, title, unit, lowerIsBetter));
    }

    private void latencyFigures(String id, String title) {
        def(id, title, "req/s", false);
        def(id + "_p50", title + ", p50", "ms", true);
        def(id + "_p99", title + ", p99", "ms", true);
    }

    static String size(long bytes) {
        return bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? bytes / (1L << 30) + " GiB"
                : bytes >= 1L << 20 ? bytes / (1L << 20) + MIB : bytes / 1024 + " KiB";
    }

    private void runSeries() {
        List<Server> withSink = new ArrayList<>(registries);
        sink.ifPresent(withSink::add);
        List<Server> withNginx = new ArrayList<>(registries);
        nginx.ifPresent(withNginx::add);

        series("push_monolithic", withSink, accounted(cpuPush, this::pushMonolithic));
        series("push_chunked", registries, accounted(cpuPush, this::pushChunked));
        series("push_streamed", registries, accounted(cpuPush, this::pushStreamed));
        series("push_concurrent", registries, accounted(cpuPush, this::pushConcurrent));
        series("pull_1", withNginx, accounted(cpuPull, (s, r) -> pull(s, r, 1, "pull_1")));
        series("pull_4", withNginx, accounted(cpuPull, (s, r) -> pull(s, r, 4, "pull_4")));
        series("range_1m", registries, this::rangeReads);
        series("populate", registries, this::populate);
        for (Server s : registries) {
            try {
                pushFixture(s);
            } catch (Exception e) {
                for (String id : List.of("manifest_get_tag", "manifest_get_digest", "head_blob", "tags_list")) {
                    results.fail(id, s.name(), "fixture push failed: " + e.getMessage());
                }
            }
        }
        series("manifest_get_tag", registries, (s, r) -> wrk(s, r, "manifest_get_tag",
                "/v2/bench/small/manifests/t00"));
        series("manifest_get_digest", registries, (s, r) -> wrk(s, r, "manifest_get_digest",
                "/v2/bench/small/manifests/" + fixtureOf(s).manifestDigest()));
        series("head_blob", registries, this::headBlob);
        series("tags_list", registries, (s, r) -> wrk(s, r, "tags_list", "/v2/bench/small/tags/list"));
        series("catalog", registries, this::catalog);
        series("push_many_tags", registries, this::pushManyTags);
        series("tags_list_whole", registries, (s, r) -> listTags(s, r, false));
        series("tags_list_paged", registries, (s, r) -> listTags(s, r, true));
    }

    /** Warm-up on every server, then the measured rounds, alternating servers within each round. */
    private void series(String id, List<Server> servers, Measure measure) {
        if (!selected(id)) {
            return;
        }
        say("");
        say("-- " + results.figure(id).title());
        Set<String> failed = new java.util.HashSet<>();
        for (Server s : servers) {
            if (results.errors().getOrDefault(id, Map.of()).containsKey(s.name())) {
                failed.add(s.name());
            }
        }
        for (int r = 0; r <= plan.rounds(); r++) {
            int round = r;
            for (Server s : servers) {
                if (failed.contains(s.name())) {
                    continue;
                }
                if (System.nanoTime() - deadline > 0) {
                    failed.add(s.name());
                    results.fail(id, s.name(), "not run: the run's time budget was spent");
                    say(String.format("   %-7s %-12s SKIPPED: time budget spent", round == 0 ? "warm-up"
                            : "round " + round, s.name()));
                    continue;
                }
                try {
                    settleDisk();
                    Map<String, Double> got = measure.run(s, round);
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-7s %-12s",
                            round == 0 ? "warm-up" : "round " + round, s.name()));
                    got.forEach((fig, v) -> {
                        line.append(' ').append(Results.num(v)).append(' ').append(results.figure(fig).unit());
                        if (round > 0) {
                            results.add(fig, s.name(), v);
                        }
                    });
                    say(line.toString());
                } catch (Exception e) {
                    failed.add(s.name());
                    String message = e.getMessage() == null ? e.toString() : e.getMessage();
                    results.fail(id, s.name(), message);
                    say(String.format("   %-7s %-12s FAILED: %s", round == 0 ? "warm-up" : "round " + round,
                            s.name(), message));
                }
            }
        }
    }

    /**
     * Flushes dirty pages before each measurement (untimed), so no server pays for the writeback of the bytes
     * another one wrote without fsync before it.
     */
    private static void settleDisk() {
        try {
            Proc.output(300, "sync");
        } catch (IOException e) {
            say("   (sync failed: " + e.getMessage() + ")");
        }
    }

    /** Adds the server's CPU seconds and the bytes moved in measured rounds to one of the CPU accounts. */
    private Measure accounted(Map<String, double[]> account, Measure measure) {
        return (s, round) -> {
            double before = s.pid() > 0 ? proc.cpuSeconds(s.pid()) : 0;
            Map<String, Double> got = measure.run(s, round);
            if (round > 0 && s.pid() > 0 && s.registry()) {
                double[] a = account.computeIfAbsent(s.name(), k -> new double[2]);
                a[0] += proc.cpuSeconds(s.pid()) - before;
                a[1] += got.getOrDefault("bytes", 0.0);
            }
            got.remove("bytes");
            return got;
        };
    }

    private static Map<String, Double> figure(String id, double value, double bytes) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(id, value);
        m.put("bytes", bytes);
        return m;
    }

    private String tail() {
        String t = runId + "-" + sequence.incrementAndGet() + "-bench-tail";
        return t.substring(0, BlobSource.TAIL);
    }

    private static double mbPerSecond(double bytes, long startNanos) {
        return bytes / 1e6 / ((System.nanoTime() - startNanos) / 1e9);
    }

    // ---------------------------------------------------------------- pushes

    private Map<String, Double> pushMonolithic(Server s, int round) throws IOException {
        long size = round == 0 ? plan.warmBig() : plan.big();
        BlobSource blob = BlobSource.of(data, size, tail());
        try (HttpConn c = s.connect().timeout(600)) {
            long t = System.nanoTime();
            if (s.registry()) {
                Oci.pushMonolithic(c, "bench/big", blob.whole(), blob.digest());
                tagBigBlob(c, "mono-" + round, blob);
            } else {
                var r = Oci.expect(c.request("PUT", "/upload", Map.of(), blob.whole(), HttpConn.BodyMode.COLLECT),
                        "sink PUT", 201);
                if (!r.header("docker-content-digest").orElse("").equals(blob.digest())) {
                    throw new IOException("sink computed a different digest");
                }
            }
            double v = mbPerSecond(size, t);
            if (s.registry()) {
                bigBlob.put(s.name(), new BlobRef("bench/big", blob.digest(), size));
            }
            return figure("push_monolithic", v, size);
        }
    }

    private static void tagBigBlob(HttpConn c, String tag, BlobSource blob) throws IOException {
        Oci.pushImage(c, "bench/big", tag, List.of(new Oci.Descriptor(Oci.LAYER_TYPE, blob.digest(),
                blob.size())));
    }

    private Map<String, Double> pushChunked(Server s, int round) throws IOException {
        long size = round == 0 ? plan.warmBig() : plan.big();
        BlobSource blob = BlobSource.of(data, size, tail());
        try (HttpConn c = s.connect().timeout(600)) {
            long t = System.nanoTime();
            Oci.pushChunked(c, "bench/big", blob, plan.chunk());
            tagBigBlob(c, "chunked-" + round, blob);
            return figure("push_chunked", mbPerSecond(size, t), size);
        }
    }

    private Map<String, Double> pushStreamed(Server s, int round) throws IOException {
        long size = round == 0 ? plan.warmBig() : plan.big();
        BlobSource blob = BlobSource.of(data, size, tail());
        try (HttpConn c = s.connect().timeout(600)) {
            long t = System.nanoTime();
            Oci.pushStreamed(c, "bench/big", blob, plan.streamChunk());
            tagBigBlob(c, "streamed-" + round, blob);
            return figure("push_streamed", mbPerSecond(size, t), size);
        }
    }

    private Map<String, Double> pushConcurrent(Server s, int round) throws Exception {
        long size = round == 0 ? plan.warmConc() : plan.concSize();
        List<BlobSource> blobs = new ArrayList<>();
        for (int i = 0; i < plan.concurrent(); i++) {
            blobs.add(BlobSource.of(data, size, tail()));
        }
        double seconds = parallel(plan.concurrent(), w -> {
            try (HttpConn c = s.connect().timeout(600)) {
                BlobSource blob = blobs.get(w);
                Oci.pushMonolithic(c, "bench/concurrent", blob.whole(), blob.digest());
                Oci.pushImage(c, "bench/concurrent", "c" + round + "-" + w,
                        List.of(new Oci.Descriptor(Oci.LAYER_TYPE, blob.digest(), size)));
            }
        });
        double bytes = (double) size * plan.concurrent();
        return figure("push_concurrent", bytes / 1e6 / seconds, bytes);
    }

    // ---------------------------------------------------------------- pulls

    private String blobPath(Server s) throws IOException {
        if (!s.registry()) {
            return "/" + data.path().getFileName();
        }
        BlobRef ref = bigBlob.get(s.name());
        if (ref == null) {
            // push_monolithic was not selected (--only): push the blob the pulls read, untimed.
            BlobSource blob = BlobSource.of(data, plan.big(), tail());
            try (HttpConn c = s.connect().timeout(600)) {
                Oci.pushMonolithic(c, "bench/big", blob.whole(), blob.digest());
                tagBigBlob(c, "for-pulls", blob);
            }
            ref = new BlobRef("bench/big", blob.digest(), plan.big());
            bigBlob.put(s.name(), ref);
        }
        return "/v2/" + ref.repo() + "/blobs/" + ref.digest();
    }

    private Optional<String> expectedDigest(Server s) throws IOException {
        if (s.registry()) {
            blobPath(s);
            return Optional.of(bigBlob.get(s.name()).digest());
        }
        MessageDigest whole = data.prefixState(plan.big());
        return Optional.of("sha256:" + Hex.of(cloneDigest(whole).digest()));
    }

    private static MessageDigest cloneDigest(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Double> pull(Server s, int round, int clients, String id) throws Exception {
        String path = blobPath(s);
        // the warm-up pull checks the content once; measured pulls only count bytes
        Optional<String> verify = round == 0 && clients == 1 ? expectedDigest(s) : Optional.empty();
        double seconds = parallel(clients, w -> {
            try (HttpConn c = s.connect().timeout(600)) {
                Oci.pullBlob(c, path, plan.big(), verify);
            }
        });
        double bytes = (double) plan.big() * clients;
        return figure(id, bytes / 1e6 / seconds, bytes);
    }

    private Map<String, Double> rangeReads(Server s, int round) throws IOException {
        String path = blobPath(s);
        long slots = plan.big() / (1 << 20);
        SplittableRandom[] random = new SplittableRandom[16];
        for (int i = 0; i < random.length; i++) {
            random[i] = new SplittableRandom(1000 + i);
        }
        Load.Result r = Load.closedLoop(s.host(), s.port(), 16, round == 0 ? plan.warmSeconds()
                : plan.rangeSeconds(), (c, worker, i) -> {
                    long start = random[worker].nextLong(slots) << 20;
                    String req = "GET " + path + " HTTP/1.1\r\nHost: " + c.hostHeader() + "\r\nRange: bytes="
                            + start + "-" + (start + (1 << 20) - 1) + "\r\n\r\n";
                    var resp = Oci.expect(c.exchange(req.getBytes(StandardCharsets.ISO_8859_1), HttpConn.EMPTY,
                            false, HttpConn.BodyMode.DISCARD, null), "GET Range", 206);
                    if (resp.bodyLength() != 1 << 20) {
                        throw new IOException("Range GET returned " + resp.bodyLength() + " bytes");
                    }
                });
        return latency("range_1m", r);
    }

    private static Map<String, Double> latency(String id, Load.Result r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(id, r.perSecond());
        m.put(id + "_p50", r.p50Millis());
        m.put(id + "_p99", r.p99Millis());
        return m;
    }

    // ---------------------------------------------------------------- many small images

    private static byte[] smallLayer(String seed, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed.hashCode() * 31L + seed.length()).nextBytes(b);
        byte[] s = seed.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(s, 0, b, 0, Math.min(s.length, size));
        return b;
    }

    private Map<String, Double> populate(Server s, int round) throws Exception {
        int repos = round == 0 ? plan.warmRepos() : plan.repos();
        String prefix = round == 0 ? "w" : "r" + round;
        AtomicInteger next = new AtomicInteger();
        double seconds = parallel(plan.clients(), w -> {
            try (HttpConn c = s.connect().timeout(60)) {
                for (int i = next.getAndIncrement(); i < repos; i = next.getAndIncrement()) {
                    String repo = String.format(Locale.ROOT, "bench/pop/repo-%04d", i);
                    byte[] layer = smallLayer(runId + " " + repo + " " + prefix, plan.smallLayer());
                    Oci.pushBytes(c, repo, layer);
                    List<Oci.Descriptor> layers = List.of(new Oci.Descriptor(Oci.LAYER_TYPE, Oci.sha256(layer),
                            layer.length));
                    for (int t = 1; t <= plan.tagsPerRepo(); t++) {
                        Oci.pushImage(c, repo, prefix + "-" + t, layers);
                    }
                }
            }
        });
        return Map.of("populate", seconds);
    }

    /** bench/small: one layer, 20 tags, each its own config; what the small-request workloads read. */
    private void pushFixture(Server s) throws IOException {
        try (HttpConn c = s.connect().timeout(60)) {
            byte[] layer = smallLayer(runId + " bench/small", plan.smallLayer());
            Oci.pushBytes(c, "bench/small", layer);
            List<Oci.Descriptor> layers = List.of(new Oci.Descriptor(Oci.LAYER_TYPE, Oci.sha256(layer),
                    layer.length));
            String first = "";
            for (int t = 0; t < 20; t++) {
                String d = Oci.pushImage(c, "bench/small", String.format(Locale.ROOT, "t%02d", t), layers);
                first = t == 0 ? d : first;
            }
            fixture.put(s.name(), new Fixture(first, Oci.sha256(layer)));
        }
    }

    private Fixture fixtureOf(Server s) throws IOException {
        Fixture f = fixture.get(s.name());
        if (f == null) {
            throw new IOException("no fixture image on " + s.name());
        }
        return f;
    }

    private Map<String, Double> wrk(Server s, int round, String id, String path) throws IOException {
        fixtureOf(s);
        Load.Result r = Load.wrk("http://" + s.host() + ":" + s.port() + path, 64, 2,
                round == 0 ? plan.warmSeconds() : plan.loadSeconds(), List.of("Accept: " + Oci.MANIFEST_TYPE));
        return latency(id, r);
    }

    private Map<String, Double> headBlob(Server s, int round) throws IOException {
        String path = "/v2/bench/small/blobs/" + fixtureOf(s).layerDigest();
        byte[] req = ("HEAD " + path + " HTTP/1.1\r\nHost: " + s.host() + ":" + s.port() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Load.Result r = HeadLoad.run(s.host(), s.port(), 64, 2, round == 0 ? plan.warmSeconds()
                : plan.loadSeconds(), req);
        return latency("head_blob", r);
    }

    private Map<String, Double> catalog(Server s, int round) throws IOException {
        int reps = round == 0 ? 1 : plan.listReps();
        try (HttpConn c = s.connect().timeout(120)) {
            long t = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                long[] got = Oci.walk(c, "/v2/_catalog?n=" + plan.catalogN(), "repositories");
                if (got[0] < plan.repos()) {
                    throw new IOException("_catalog listed " + got[0] + " repositories, expected at least "
                            + plan.repos());
                }
            }
            return Map.of("catalog", (System.nanoTime() - t) / 1e6 / reps);
        }
    }

    private Map<String, Double> pushManyTags(Server s, int round) throws Exception {
        int tags = round == 0 ? plan.warmTags() : plan.manyTags();
        String repo = round == 0 ? "bench/tags-warm" : "bench/tags-r" + round;
        AtomicReference<Oci.Descriptor> config = new AtomicReference<>();
        AtomicReference<List<Oci.Descriptor>> layers = new AtomicReference<>();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch blobsPushed = new CountDownLatch(1);
        double seconds = parallel(plan.clients(), w -> {
            try (HttpConn c = s.connect().timeout(60)) {
                if (w == 0) {
                    try {
                        byte[] layer = smallLayer(runId + " " + repo, plan.smallLayer());
                        Oci.pushBytes(c, repo, layer);
                        layers.set(List.of(new Oci.Descriptor(Oci.LAYER_TYPE, Oci.sha256(layer), layer.length)));
                        byte[] cfg = Oci.config(repo, layers.get());
                        Oci.pushBytes(c, repo, cfg);
                        config.set(new Oci.Descriptor(Oci.CONFIG_TYPE, Oci.sha256(cfg), cfg.length));
                    } finally {
                        blobsPushed.countDown();
                    }
                } else {
                    blobsPushed.await();
                }
                if (config.get() == null) {
                    return;
                }
                for (int i = next.getAndIncrement(); i < tags; i = next.getAndIncrement()) {
                    String tag = String.format(Locale.ROOT, "t%05d", i);
                    Oci.putManifest(c, repo, tag, Oci.manifest(config.get(), layers.get(), Optional.of(tag)));
                }
            }
        });
        if (round > 0) {
            manyTagsRepo.put(s.name(), repo);
        }
        return Map.of("push_many_tags", seconds);
    }

    private Map<String, Double> listTags(Server s, int round, boolean paged) throws IOException {
        String repo = manyTagsRepo.get(s.name());
        if (repo == null) {
            throw new IOException("the " + plan.manyTags() + "-tag repository was not pushed");
        }
        String id = paged ? "tags_list_paged" : "tags_list_whole";
        int reps = round == 0 ? 1 : plan.listReps();
        try (HttpConn c = s.connect().timeout(120)) {
            long t = System.nanoTime();
            long pages = 0;
            for (int i = 0; i < reps; i++) {
                long[] got = Oci.walk(c, "/v2/" + repo + "/tags/list" + (paged ? "?n=100" : ""), "tags");
                if (got[0] != plan.manyTags()) {
                    throw new IOException("tags/list returned " + got[0] + " tags, expected " + plan.manyTags());
                }
                pages = got[1];
            }
            double ms = (System.nanoTime() - t) / 1e6 / reps;
            if (paged && round == plan.rounds()) {
                notes.add(s.name() + " returned the " + plan.manyTags() + " tags in " + pages + " page"
                        + (pages == 1 ? "" : "s") + " when asked for n=100");
            }
            return Map.of(id, ms);
        }
    }

    /** Runs {@code n} workers on platform threads; returns the wall seconds from start to the last finish. */
    private static double parallel(int n, Task task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            int worker = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    task.run(worker);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        long t = System.nanoTime();
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        return seconds;
    }

    // ---------------------------------------------------------------- ceilings and resources

    private void hashCeilings() {
        say("");
        say("-- hash ceilings");
        byte[] buf = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(buf);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = plan.mode().equals("quick") ? 256L << 20 : 1L << 30;
            for (int i = 0; i < 256; i++) {
                sha.update(buf); // warm-up: let the intrinsic compile
            }
            sha.digest();
            // per CPU second of this thread, like openssl speed (user time): a ceiling that a busy machine
            // does not lower
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int round = 1; round <= plan.rounds(); round++) {
                long t = threads.getCurrentThreadCpuTime();
                for (long done = 0; done < total; done += buf.length) {
                    sha.update(buf);
                }
                sha.digest();
                double v = total / 1e6 / ((threads.getCurrentThreadCpuTime() - t) / 1e9);
                results.add("sha256_jdk", "ceiling", v);
                say(String.format(Locale.ROOT, "   round %d JDK SHA-256 %s MB/s", round, Results.num(v)));
            }
        } catch (Exception e) {
            results.fail("sha256_jdk", "ceiling", e.toString());
        }
        try {
            String outText = Proc.output(60, "openssl", "speed", "-evp", "sha256", "-seconds", "1", "-bytes",
                    "16384");
            var m = java.util.regex.Pattern.compile("(?m)^sha256\\s+([0-9.]+)k\\s*$").matcher(outText);
            if (!m.find()) {
                throw new IOException("cannot read openssl output: " + outText.strip());
            }
            double v = Double.parseDouble(m.group(1)) * 1000 / 1e6;
            results.add("sha256_openssl", "ceiling", v);
            say("   openssl speed -evp sha256: " + Results.num(v) + " MB/s");
        } catch (Exception e) {
            results.fail("sha256_openssl", "ceiling", e.getMessage());
            say("   openssl speed failed: " + e.getMessage());
        }
    }

    private void resources() {
        for (Server s : registries) {
            if (s.pid() <= 0) {
                continue;
            }
            results.add("peak_rss", s.name(), Proc.peakRssMib(s.pid()));
            double[] push = cpuPush.get(s.name());
            if (push != null && push[1] > 0) {
                results.add("cpu_per_gib_push", s.name(), push[0] / (push[1] / (1L << 30)));
            }
            double[] pull = cpuPull.get(s.name());
            if (pull != null && pull[1] > 0) {
                results.add("cpu_per_gib_pull", s.name(), pull[0] / (pull[1] / (1L << 30)));
            }
        }
    }
}
