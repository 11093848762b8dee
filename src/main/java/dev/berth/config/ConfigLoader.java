package dev.berth.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the configuration from, in rising precedence: built-in defaults, an optional YAML file, environment
 * variables {@code BERTH_<SECTION>_<KEY>}, and command-line values. Validates everything and throws one
 * {@link ConfigException} listing every problem.
 */
public final class ConfigLoader {
    /** Origin named in errors for values given on the command line. */
    public static final String COMMAND_LINE = "command line";

    private final Map<String, String> environment;

    /** @param environment the process environment (e.g. {@code System.getenv()}); tests pass their own map */
    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Loads and validates the configuration.
     *
     * @param file        a YAML file to read, if any
     * @param commandLine dotted keys ({@code server.listen}) to values, the highest precedence
     * @throws ConfigException listing every error found
     */
    public BerthConfig load(Optional<Path> file, Map<String, String> commandLine) {
        RawConfig raw = new RawConfig();
        file.ifPresent(path -> YamlConfigFile.read(path, raw));
        EnvironmentVariables.read(environment, raw);
        commandLine.forEach((key, value) -> raw.put(key, value, COMMAND_LINE));
        BerthConfig config = new ConfigBinder(raw).bind();
        if (!raw.errors().isEmpty()) {
            throw new ConfigException(raw.errors());
        }
        return config;
    }

    /** The configuration file named by {@code BERTH_CONFIG} in this loader's environment, if any. */
    public Optional<Path> configFileFromEnvironment() {
        return Optional.ofNullable(environment.get(EnvironmentVariables.CONFIG_FILE_VARIABLE))
                .filter(value -> !value.isBlank())
                .map(Path::of);
    }
}
