import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown report (machine, versions, command lines, tables) and the machine-readable ratio lines. */
final class Report {
    private final Results results;
    private final String started;
    private final String mode;
    private final int rounds;
    private final String bigSize;
    private final List<Bench.Server> registries;
    private final List<String> notes;

    Report(Results results, String started, String mode, int rounds, String bigSize, List<Bench.Server> registries,
           List<String> notes) {
        this.results = results;
        this.started = started;
        this.mode = mode;
        this.rounds = rounds;
        this.bigSize = bigSize;
        this.registries = List.copyOf(registries);
        this.notes = List.copyOf(notes);
    }

    private static final List<String> WORKLOADS = List.of("push_monolithic", "push_chunked", "push_streamed",
            "push_concurrent", "pull_1", "pull_4", "range_1m", "range_1m_p50", "range_1m_p99", "populate",
            "manifest_get_tag", "manifest_get_tag_p50", "manifest_get_tag_p99", "manifest_get_digest",
            "manifest_get_digest_p50", "manifest_get_digest_p99", "head_blob", "head_blob_p50", "head_blob_p99",
            "tags_list", "tags_list_p50", "tags_list_p99", "catalog", "push_many_tags", "tags_list_whole",
            "tags_list_paged", "cpu_per_gib_push", "cpu_per_gib_pull", "peak_rss");

    /** Ceiling comparisons: ratio id, Berth's figure, ceiling figure, ceiling server. */
    private static final List<String[]> CEILINGS = List.of(
            new String[] {"push_monolithic_vs_sink", "push_monolithic", "push_monolithic", "sink"},
            new String[] {"push_chunked_vs_sink", "push_chunked", "push_monolithic", "sink"},
            new String[] {"push_streamed_vs_sink", "push_streamed", "push_monolithic", "sink"},
            new String[] {"push_monolithic_vs_sha256_jdk", "push_monolithic", "sha256_jdk", "ceiling"},
            new String[] {"push_monolithic_vs_sha256_openssl", "push_monolithic", "sha256_openssl", "ceiling"},
            new String[] {"pull_1_vs_nginx", "pull_1", "pull_1", "nginx"},
            new String[] {"pull_4_vs_nginx", "pull_4", "pull_4", "nginx"});

    List<String> ratioLines() {
        List<String> lines = new ArrayList<>();
        for (String id : WORKLOADS) {
            if (results.figure(id) != null) {
                lines.add("ratio." + id + "=" + Results.ratioText(results.ratio(id, Results.DISTRIBUTION)));
            }
        }
        for (String[] c : CEILINGS) {
            lines.add("ratio." + c[0] + "=" + Results.ratioText(results.ratioTo(c[1], c[2], c[3])));
        }
        return lines;
    }

    private String cell(String id, String server, boolean spread) {
        return results.stats(id, server).map(st -> spread ? Results.num(st.min()) + "–" + Results.num(st.max())
                : Results.num(st.median())).orElse(results.errors().getOrDefault(id, Map.of()).containsKey(server)
                ? "failed" : "n/a");
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Berth vs CNCF Distribution: benchmark results\n\n");
        md.append("- Date: ").append(started).append('\n');
        md.append("- Machine: ").append(Proc.machine()).append('\n');
        md.append("- Mode: ").append(mode).append(", ").append(rounds)
                .append(" measured rounds after one warm-up round, servers alternating (Berth, Distribution")
                .append(", ceiling) in every round; medians, ratio higher = better for Berth\n");
        md.append("- Distribution: ").append(Proc.firstLine("docker-registry", "--version")).append('\n');
        md.append("- Ceilings: ").append(Proc.firstLine("nginx", "-v")).append("; ")
                .append(Proc.firstLine("openssl", "version")).append('\n');
        md.append("- Load: our raw-socket Java client (").append(System.getProperty("java.vm.name")).append(' ')
                .append(Runtime.version()).append(", ").append(String.join(" ",
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .append("), ").append(Proc.firstLine("wrk", "-v").replaceAll("\\s+Copyright.*", "")).append('\n');
        for (Bench.Server s : registries) {
            if (s.pid() > 0) {
                md.append("- ").append(s.name()).append(" command: `").append(Proc.javaCommand(s.pid())
                        .orElse(commandLine(s.pid()))).append("`\n");
            }
        }
        for (String n : notes) {
            md.append("- ").append(n).append('\n');
        }
        md.append("\n| workload | unit | Berth | Distribution | ratio | Berth min–max | Distribution min–max |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (String id : WORKLOADS) {
            Results.Figure f = results.figure(id);
            md.append("| ").append(f.title()).append(" | ").append(f.unit()).append(" | ")
                    .append(cell(id, Results.BERTH, false)).append(" | ")
                    .append(cell(id, Results.DISTRIBUTION, false)).append(" | ")
                    .append(ratioCell(results.ratio(id, Results.DISTRIBUTION))).append(" | ")
                    .append(cell(id, Results.BERTH, true)).append(" | ")
                    .append(cell(id, Results.DISTRIBUTION, true)).append(" |\n");
        }
        md.append("\nRatios: Berth ÷ Distribution for rates, Distribution ÷ Berth for times, latencies, CPU and ")
                .append("memory; higher is better for Berth.\n");
        md.append("\n## Ceilings (same run)\n\n");
        md.append("| ceiling | unit | median | min–max | Berth ratio | Distribution ratio |\n");
        md.append("|---|---|---:|---:|---|---|\n");
        ceilingRow(md, "sink: receive + SHA-256 + write + fsync of " + bigSize, "push_monolithic",
                "sink", List.of("push_monolithic", "push_chunked", "push_streamed"));
        ceilingRow(md, "nginx sendfile, 1 client", "pull_1", "nginx", List.of("pull_1"));
        ceilingRow(md, "nginx sendfile, 4 clients", "pull_4", "nginx", List.of("pull_4"));
        ceilingRow(md, results.figure("sha256_jdk").title(), "sha256_jdk", "ceiling", List.of("push_monolithic"));
        ceilingRow(md, results.figure("sha256_openssl").title(), "sha256_openssl", "ceiling",
                List.of("push_monolithic"));
        if (!results.errors().isEmpty()) {
            md.append("\n## Failures\n\n");
            results.errors().forEach((id, byServer) -> byServer.forEach((server, msg) -> md.append("- ")
                    .append(id).append(" on ").append(server).append(": ").append(msg.replace('\n', ' '))
                    .append('\n')));
        }
        md.append("\n## Machine-readable\n\n```\n");
        for (String line : ratioLines()) {
            md.append(line).append('\n');
        }
        md.append("```\n");
        return md.toString();
    }

    private static String ratioCell(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2f×", r);
    }

    private void ceilingRow(StringBuilder md, String title, String figure, String server, List<String> against) {
        String unit = results.figure(figure).unit();
        md.append("| ").append(title).append(" | ").append(unit).append(" | ").append(cell(figure, server, false))
                .append(" | ").append(cell(figure, server, true)).append(" | ");
        for (String registry : List.of(Results.BERTH, Results.DISTRIBUTION)) {
            List<String> parts = new ArrayList<>();
            for (String a : against) {
                double r = results.stats(a, registry).flatMap(b -> results.stats(figure, server)
                        .map(c -> b.median() / c.median())).orElse(Double.NaN);
                parts.add(a + " " + ratioCell(r));
            }
            md.append(String.join(", ", parts)).append(" | ");
        }
        md.append('\n');
    }

    private static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "pid " + pid;
        }
    }
}
