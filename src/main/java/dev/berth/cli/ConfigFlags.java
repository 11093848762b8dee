package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigKey;
import dev.berth.config.ConfigLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration options shared by {@code serve} and {@code config check}: {@code --config FILE}, one flag for
 * each commonly set key, and {@code --set KEY=VALUE} for any key. Flags and their help text are generated from
 * {@link ConfigKey}, so help, environment variable names and defaults cannot drift apart.
 */
final class ConfigFlags {
    private static final List<Flag> FLAGS = List.of(
            new Flag("--listen", ConfigKey.SERVER_LISTEN),
            new Flag("--data-dir", ConfigKey.DATA_DIR),
            new Flag("--external-url", ConfigKey.SERVER_EXTERNAL_URL),
            new Flag("--storage-root", ConfigKey.STORAGE_ROOT),
            new Flag("--metadata-path", ConfigKey.METADATA_PATH),
            new Flag("--sqlite-durability", ConfigKey.METADATA_SQLITE_DURABILITY),
            new Flag("--deletes-enabled", ConfigKey.REGISTRY_DELETES_ENABLED),
            new Flag("--log-level", ConfigKey.LOG_LEVEL),
            new Flag("--log-format", ConfigKey.LOG_FORMAT));

    private final OptionSpec configFile;
    private final OptionSpec settings;
    private final Map<OptionSpec, ConfigKey> flags = new LinkedHashMap<>();

    /** Adds the options to a command. */
    ConfigFlags(CommandSpec command) {
        configFile = OptionSpec.builder("-c", "--config")
                .paramLabel("FILE")
                .type(Path.class)
                .description("YAML configuration file (env BERTH_CONFIG). Optional: the defaults need none.")
                .build();
        command.addOption(configFile);
        for (Flag flag : FLAGS) {
            OptionSpec option = OptionSpec.builder(flag.name())
                    .paramLabel(flag.key().valueHint())
                    .type(String.class)
                    .description(describe(flag.key()))
                    .build();
            command.addOption(option);
            flags.put(option, flag.key());
        }
        settings = OptionSpec.builder("-s", "--set")
                .paramLabel("KEY=VALUE")
                .type(Map.class)
                .auxiliaryTypes(String.class, String.class)
                .description("Set any configuration key, e.g. --set registry.max-page-size=500 (repeatable; "
                        + "the flags above win over --set).")
                .build();
        command.addOption(settings);
    }

    /** Loads the configuration: defaults, the file, environment variables, then these flags. */
    BerthConfig load(ConfigLoader loader) {
        Optional<Path> file = Optional.ofNullable(configFile.<Path>getValue()).or(loader::configFileFromEnvironment);
        return loader.load(file, commandLineValues());
    }

    private Map<String, String> commandLineValues() {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> set = settings.getValue();
        if (set != null) {
            values.putAll(set);
        }
        flags.forEach((option, key) -> {
            String value = option.getValue();
            if (value != null) {
                values.put(key.key(), value);
            }
        });
        return values;
    }

    private static String describe(ConfigKey key) {
        String defaultValue = key.defaultValue().isEmpty() ? "unset" : key.defaultValue();
        return key.description() + " [key " + key.key() + ", env " + key.environmentVariable() + ", default "
                + defaultValue + "]";
    }

    private record Flag(String name, ConfigKey key) {
    }
}
