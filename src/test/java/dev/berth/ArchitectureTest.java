package dev.berth;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of docs/architecture.md, enforced by scanning imports of the main sources: each package may only
 * use the packages listed for it (plus the JDK and its own sub-packages).
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/berth");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    /** Package → allowed import prefixes besides java.* and its own package. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "domain", Set.of(),
            "storage", Set.of("dev.berth.domain", "dev.berth.storage", "org.slf4j", "software.amazon.awssdk",
                    "com.sun.nio.file"),
            "metadata", Set.of("dev.berth.domain", "dev.berth.metadata", "org.jdbi", "org.flywaydb", "com.zaxxer",
                    "org.sqlite", "org.postgresql", "tools.jackson", "org.slf4j", "com.github.benmanes.caffeine"),
            "registry", Set.of("dev.berth.domain", "dev.berth.storage", "dev.berth.metadata", "dev.berth.registry",
                    "tools.jackson", "org.slf4j"),
            "auth", Set.of("dev.berth.domain", "dev.berth.metadata", "dev.berth.http", "tools.jackson", "org.slf4j",
                    "com.nimbusds", "at.favre", "org.jdbi", "com.zaxxer"),
            "jobs", Set.of("dev.berth.domain", "dev.berth.registry", "org.slf4j"),
            "migration", Set.of("dev.berth.domain", "dev.berth.storage", "dev.berth.metadata", "org.slf4j"),
            "http", Set.of("dev.berth.domain", "dev.berth.registry", "dev.berth.storage", "dev.berth.metadata",
                    "dev.berth.http", "org.eclipse.jetty", "tools.jackson", "org.slf4j"));

    @Test
    void layers_importOnlyWhatTheArchitectureAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var entry : ALLOWED.entrySet()) {
            Path dir = MAIN.resolve(entry.getKey());
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher m = IMPORT.matcher(source);
                    while (m.find()) {
                        String imported = m.group(1);
                        boolean ok = imported.startsWith("java.") || imported.startsWith("javax.")
                                || imported.startsWith("dev.berth." + entry.getKey())
                                || entry.getValue().stream().anyMatch(imported::startsWith);
                        if (!ok) {
                            violations.add(MAIN.relativize(file) + " imports " + imported);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void coreAndStores_neverMentionJetty() throws IOException {
        for (String layer : List.of("domain", "storage", "metadata", "registry")) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(layer))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain("org.eclipse.jetty");
                }
            }
        }
    }
}
