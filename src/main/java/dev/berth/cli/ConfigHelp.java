package dev.berth.cli;

import dev.berth.config.ConfigKey;

import java.util.ArrayList;
import java.util.List;

/** The help footer listing every configuration key with its environment variable and default. */
final class ConfigHelp {
    /** Wide enough for the key table; the option descriptions wrap within it. */
    static final int WIDTH = 100;

    private ConfigHelp() {
    }

    static String[] footer() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Precedence: defaults < configuration file < BERTH_* environment variables < flags.");
        lines.add("Durations: 500ms, 10s, 5m, 168h, 1d. Sizes: bytes or 512KiB, 4MiB, 1GiB.");
        lines.add("");
        lines.add("Every configuration key (YAML key, environment variable, default):");
        for (ConfigKey key : ConfigKey.values()) {
            String defaultValue = key.defaultValue().isEmpty() ? "unset" : key.defaultValue();
            lines.add(String.format("  %-32s %-38s %s", key.key(), key.environmentVariable(), defaultValue));
        }
        lines.add("");
        lines.add("Reference: docs/configuration.md");
        return lines.stream().map(line -> line.replace("%", "%%")).toArray(String[]::new);
    }
}
