package dev.berth.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** scripts/find-jdk, used by ./berth and .ci/run, against fake JDK directories and a PATH without java. */
@Timeout(60)
class FindJdkScriptTest {
    private static final List<String> TOOLS = List.of("sed", "head", "readlink", "dirname", "cat");

    @TempDir
    Path dir;
    private Path jvms;
    private Path bin;

    @BeforeEach
    void toolsWithoutJava() throws IOException {
        jvms = Files.createDirectory(dir.resolve("jvm"));
        bin = Files.createDirectory(dir.resolve("bin"));
        for (String tool : TOOLS) {
            Path real = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
            executable(bin.resolve(tool), "#!/bin/sh\nexec " + real + " \"$@\"\n");
        }
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name));
        Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            executable(home.resolve("bin").resolve(tool), "#!/bin/sh\nexit 0\n");
        }
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result findJdk(Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", "scripts/find-jdk")
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("BERTH_JDK_DIRS", jvms.toString());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void findJdk_severalInstalled_picksTheNewestOf21OrLater() throws Exception {
        fakeJdk("java-17-openjdk-amd64", "17.0.15");
        fakeJdk("temurin-21-jdk-amd64", "21.0.5");
        Path newest = fakeJdk("temurin-25-jdk-amd64", "25.0.1");

        Result result = findJdk(Map.of());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo(newest.toString());
    }

    @Test
    void findJdk_javaHomeIs21OrLater_winsOverNewerOnes() throws Exception {
        Path home = fakeJdk("temurin-21-jdk-amd64", "21.0.5");
        fakeJdk("temurin-25-jdk-amd64", "25.0.1");

        Result result = findJdk(Map.of("JAVA_HOME", home.toString()));

        assertThat(result.out()).isEqualTo(home.toString());
    }

    @Test
    void findJdk_javaHomeTooOld_isSkipped() throws Exception {
        Path old = fakeJdk("java-17-openjdk-amd64", "17.0.15");
        Path recent = fakeJdk("temurin-21-jdk-amd64", "21.0.5");

        Result result = findJdk(Map.of("JAVA_HOME", old.toString()));

        assertThat(result.out()).isEqualTo(recent.toString());
    }

    @Test
    void findJdk_onlyOlderJdks_failsWithAClearMessage() throws Exception {
        fakeJdk("java-17-openjdk-amd64", "17.0.15");

        Result result = findJdk(Map.of());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("no JDK 21 or newer found", "JAVA_HOME");
    }

    private record Result(int exit, String out, String err) {
    }
}
