package dev.berth.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md must describe every key as the code defines it, and its example must load. */
class ConfigurationDocsTest {
    private static final Path DOC = Path.of("docs/configuration.md");

    @TempDir
    Path dir;

    @Test
    void configurationDoc_everyKey_hasARowWithItsDefaultAndEnvironmentVariable() throws IOException {
        String doc = Files.readString(DOC);

        for (ConfigKey key : ConfigKey.values()) {
            String defaultCell = key.defaultValue().isEmpty() ? "unset" : "`" + key.defaultValue() + "`";
            assertThat(doc).as("row of %s", key.key())
                    .contains("| `" + key.key() + "` | " + defaultCell + " | `" + key.environmentVariable() + "` |");
        }
    }

    @Test
    void configurationDoc_exampleFile_loadsToTheDefaults() throws IOException {
        Matcher yamlBlock = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        assertThat(yamlBlock.find()).isTrue();
        Path example = Files.writeString(dir.resolve("example.yaml"), yamlBlock.group(1));

        BerthConfig loaded = new ConfigLoader(Map.of()).load(Optional.of(example), Map.of());

        assertThat(loaded).isEqualTo(BerthConfig.defaults());
    }
}
