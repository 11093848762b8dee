package dev.berth.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the {@code skopeo} binary found on PATH, with its output captured in files and a time limit. */
final class Skopeo {
    /** A finished run. */
    record Run(List<String> command, int exitCode, String stdout, String stderr) {
        Run succeeded() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exitCode + "\nstdout: " + stdout
                        + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    private final Path binary;
    private final Path workDir;

    private Skopeo(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /** Skopeo from PATH, when installed; {@code workDir} holds its output and stands in for its home directory. */
    static Optional<Skopeo> find(Path workDir) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "skopeo"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(binary -> new Skopeo(binary, workDir));
    }

    /**
     * {@code skopeo --insecure-policy ARGS}: the signature policy is not under test, and a fresh machine may have
     * no {@code /etc/containers/policy.json}.
     */
    Run run(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--insecure-policy"));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "skopeo", ".out");
            Path err = Files.createTempFile(workDir, "skopeo", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put("HOME", workDir.toString());
            builder.environment().remove("REGISTRY_AUTH_FILE");
            Process process = builder.start();
            if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Run(command, process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
