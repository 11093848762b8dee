package dev.berth.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EffectiveConfigTest {
    @TempDir
    Path dir;

    @Test
    void toYaml_defaults_listsEveryKeyInItsSection() {
        String yaml = EffectiveConfig.toYaml(BerthConfig.defaults());

        assertThat(yaml).startsWith("data-dir: ")
                .contains("server:\n  listen: 127.0.0.1:5000\n")
                .contains("  shutdown-grace: 10s\n")
                .contains("  max-manifest-bytes: 4MiB\n")
                .contains("  purge-after: 168h\n")
                .contains("  deletes-enabled: true\n")
                .contains("log:\n  level: info\n  format: text\n");
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(yaml).contains(key.localName() + ":");
        }
    }

    @Test
    void toYaml_loadedBack_givesTheSameConfiguration() throws IOException {
        BerthConfig original = new ConfigLoader(Map.of()).load(Optional.empty(), Map.of(
                "data-dir", dir.resolve("data with space").toString(),
                "server.listen", "[::1]:0",
                "server.external-url", "https://registry.example.com:8443/mirror",
                "server.shutdown-grace", "1500ms",
                "registry.max-manifest-bytes", "1000",
                "registry.deletes-enabled", "false",
                "uploads.purge-after", "1d",
                "log.format", "json"));
        Path file = Files.writeString(dir.resolve("effective.yaml"), EffectiveConfig.toYaml(original));

        BerthConfig reloaded = new ConfigLoader(Map.of()).load(Optional.of(file), Map.of());

        assertThat(reloaded).isEqualTo(original);
    }

    @Test
    void toYaml_unsetExternalUrl_loadsBackAsUnset() throws IOException {
        Path file = Files.writeString(dir.resolve("effective.yaml"), EffectiveConfig.toYaml(BerthConfig.defaults()));

        assertThat(new ConfigLoader(Map.of()).load(Optional.of(file), Map.of())).isEqualTo(BerthConfig.defaults());
    }
}
