package dev.berth.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enumerated configuration value, written in lower case in files, variables and flags. */
public interface ConfigChoice {

    /** The value as written in configuration. */
    default String configName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** Parses one of an enum's config names; throws {@link IllegalArgumentException} listing the choices. */
    static <E extends Enum<E> & ConfigChoice> E parse(Class<E> type, String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants())
                .filter(choice -> choice.configName().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of: " + choices(type)));
    }

    /** The config names of an enum, comma separated. */
    static <E extends Enum<E> & ConfigChoice> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigChoice::configName).collect(Collectors.joining(", "));
    }
}
