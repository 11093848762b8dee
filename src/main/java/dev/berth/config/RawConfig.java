package dev.berth.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values set explicitly by the sources read so far (a later source replaces an earlier one's value), and the
 * errors found on the way. Unknown keys are errors, with the nearest known key suggested.
 */
final class RawConfig {
    private final Map<String, RawValue> values = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    /** Sets a key; an unknown key is recorded as an error, naming where it came from. */
    void put(String key, String text, String origin) {
        if (isKnown(key, origin)) {
            values.put(key, new RawValue(text, origin));
        }
    }

    /** A key or whole section left empty (YAML null): nothing to set, but an unknown name is still an error. */
    void leaveUnset(String key, String origin) {
        if (!ConfigKey.sections().contains(key)) {
            isKnown(key, origin);
        }
    }

    private boolean isKnown(String key, String origin) {
        if (ConfigKey.byKey(key).isPresent()) {
            return true;
        }
        if (ConfigKey.sections().contains(key)) {
            error("'" + key + "' is a section, not a value; set its keys, e.g. " + key + "." + firstKeyOf(key)
                    + " (" + origin + ")");
            return false;
        }
        error("unknown key '" + key + "' (" + origin + ")"
                + suggestion(key).map(s -> "; did you mean '" + s + "'?").orElse(""));
        return false;
    }

    private static String firstKeyOf(String section) {
        return Arrays.stream(ConfigKey.values())
                .filter(k -> k.section().filter(section::equals).isPresent())
                .map(ConfigKey::localName)
                .findFirst()
                .orElseThrow();
    }

    void error(String message) {
        errors.add(message);
    }

    Optional<RawValue> get(ConfigKey key) {
        return Optional.ofNullable(values.get(key.key()));
    }

    List<String> errors() {
        return errors;
    }

    /** The known key within a few typos of the unknown one, or the one it abbreviates. */
    private static Optional<String> suggestion(String unknown) {
        return Arrays.stream(ConfigKey.values())
                .map(ConfigKey::key)
                .min(Comparator.comparingInt(known -> editDistance(unknown, known)))
                .filter(nearest -> editDistance(unknown, nearest) <= 3)
                .or(() -> Arrays.stream(ConfigKey.values())
                        .map(ConfigKey::key)
                        .filter(known -> known.startsWith(unknown))
                        .findFirst());
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
