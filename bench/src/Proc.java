import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Server resource use from /proc: CPU seconds (utime + stime) and peak RSS (VmHWM) of a process and all its
 * descendants, so a launcher script and the JVM it starts count as one server. Plus facts about the machine.
 */
final class Proc {
    private final long clockTicks;

    Proc(long clockTicks) {
        this.clockTicks = clockTicks;
    }

    /** The pid and every live descendant. */
    static List<Long> tree(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.forEach(d -> {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    return;
                }
                statFields(Long.parseLong(name)).ifPresent(f -> children
                        .computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(Long.parseLong(name)));
            });
        } catch (IOException e) {
            return List.of(root);
        }
        List<Long> out = new ArrayList<>();
        List<Long> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            long p = todo.remove(todo.size() - 1);
            out.add(p);
            todo.addAll(children.getOrDefault(p, List.of()));
        }
        return out;
    }

    /** Fields of /proc/PID/stat after the command name: [0]=state, [1]=ppid, ... [11]=utime, [12]=stime. */
    private static Optional<String[]> statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    double cpuSeconds(long root) {
        long ticks = 0;
        for (long pid : tree(root)) {
            Optional<String[]> f = statFields(pid);
            if (f.isPresent()) {
                ticks += Long.parseLong(f.get()[11]) + Long.parseLong(f.get()[12]);
            }
        }
        return ticks / (double) clockTicks;
    }

    /** Sum of the peak resident set sizes of the live processes of the tree, MiB. */
    static double peakRssMib(long root) {
        long kib = 0;
        for (long pid : tree(root)) {
            kib += statusKib(pid, "VmHWM:");
        }
        return kib / 1024.0;
    }

    private static long statusKib(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** The command line of the first java process in the tree, class path shortened. */
    static Optional<String> javaCommand(long root) {
        for (long pid : tree(root)) {
            try {
                byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
                String[] args = new String(raw, StandardCharsets.UTF_8).split("\0");
                if (args.length == 0 || !Path.of(args[0]).getFileName().toString().equals("java")) {
                    continue;
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < args.length; i++) {
                    boolean classPathValue = i > 0 && List.of("-cp", "-classpath", "--class-path", "-p",
                            "--module-path").contains(args[i - 1]);
                    sb.append(i == 0 ? "" : " ").append(classPathValue ? "<class path>" : args[i]);
                }
                return Optional.of(sb.toString());
            } catch (IOException | RuntimeException e) {
                // the process went away; try the next
            }
        }
        return Optional.empty();
    }

    /** First line of a command's combined output, or "unknown". */
    static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            p.waitFor(30, TimeUnit.SECONDS);
            String line = out.strip().lines().findFirst().orElse("unknown");
            return line.isBlank() ? "unknown" : line.strip();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String output(long timeoutSeconds, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    /** The first three fields of /proc/loadavg: how busy the machine was besides the benchmark. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        long memKib = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            memKib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        } catch (IOException e) {
            // keep the defaults
        }
        return String.format("%s, %d cores, %.1f GiB RAM, Linux %s (%s)", cpu,
                Runtime.getRuntime().availableProcessors(), memKib / 1048576.0, System.getProperty("os.version"),
                firstLine("hostname"));
    }
}
