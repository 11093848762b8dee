package dev.berth.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@code BERTH_<SECTION>_<KEY>} variables from an environment given as a map (so tests need not touch the
 * process environment). A variable under a known section that names no key is an error, since it is almost
 * certainly a typo; other {@code BERTH_*} variables (such as {@code BERTH_JAVA_OPTS}) belong to other tools.
 */
final class EnvironmentVariables {
    /** Read by the command line rather than the loader: the path of the configuration file. */
    static final String CONFIG_FILE_VARIABLE = "BERTH_CONFIG";

    private EnvironmentVariables() {
    }

    static void read(Map<String, String> environment, RawConfig into) {
        Map<String, ConfigKey> byVariable = new TreeMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            byVariable.put(key.environmentVariable(), key);
        }
        Set<String> sectionPrefixes = new TreeSet<>();
        for (String section : ConfigKey.sections()) {
            sectionPrefixes.add(ConfigKey.environmentPrefix() + section.toUpperCase(Locale.ROOT) + "_");
        }
        new TreeMap<>(environment).forEach((variable, value) -> {
            ConfigKey key = byVariable.get(variable);
            if (key != null) {
                into.put(key.key(), value, "environment variable " + variable);
            } else if (sectionPrefixes.stream().anyMatch(variable::startsWith)) {
                into.error("unknown environment variable " + variable + " (no such configuration key)");
            }
        });
    }
}
