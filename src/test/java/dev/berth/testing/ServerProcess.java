package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link TestServerMain} running as a child JVM on the test's class path, with its output in a log file. Closing
 * or {@link #kill()}ing it is a SIGKILL: no shutdown hook, no graceful stop, exactly a crash.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern PORT_LINE = Pattern.compile("(?m)^PORT=(\\d+)$");

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server on {@code dataDir} and waits (up to {@code startup}) until it prints its port. */
    public static ServerProcess start(Path dataDir, Path log, Duration startup) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-Dberth.log.level=warn",
                "-cp", System.getProperty("java.class.path"), TestServerMain.class.getName(), dataDir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process;
        long logStart;
        try {
            logStart = Files.exists(log) ? Files.size(log) : 0;
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + startup.toNanos();
        while (System.nanoTime() < deadline) {
            String output = outputSince(log, logStart);
            Matcher m = PORT_LINE.matcher(output);
            if (m.find()) {
                return new ServerProcess(process, log, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                throw new AssertionError("test server exited with " + process.exitValue() + ":\n" + output);
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("test server did not print its port within " + startup + ":\n"
                + outputSince(log, logStart));
    }

    public int port() {
        return port;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then waits until the process is gone so its files and port are released. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("test server " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything the server printed so far (all runs that shared the log file). */
    public String output() {
        return outputSince(log, 0);
    }

    @Override
    public void close() {
        kill();
    }

    private static String outputSince(Path log, long offset) {
        try {
            byte[] bytes = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
