package dev.berth.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in configuration: one or more {@code <number><unit>} groups with the units {@code ms},
 * {@code s}, {@code m}, {@code h} and {@code d}, for example {@code 10s}, {@code 5m}, {@code 168h}, {@code 1d} or
 * {@code 1h30m}. A bare number is rejected because its unit would be a guess.
 */
public final class Durations {
    private static final Pattern GROUP = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d))+");
    private static final List<Unit> UNITS_LARGEST_FIRST = List.of(
            new Unit("d", Duration.ofDays(1)),
            new Unit("h", Duration.ofHours(1)),
            new Unit("m", Duration.ofMinutes(1)),
            new Unit("s", Duration.ofSeconds(1)),
            new Unit("ms", Duration.ofMillis(1)));

    private Durations() {
    }

    /** Parses a configuration duration; throws {@link IllegalArgumentException} with a reader-facing message. */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 10s, 5m, 168h, 1d)");
        }
        Duration total = Duration.ZERO;
        Matcher group = GROUP.matcher(trimmed);
        while (group.find()) {
            long amount = Long.parseLong(group.group(1));
            total = total.plus(unit(group.group(2)).length().multipliedBy(amount));
        }
        return total;
    }

    /**
     * The configuration text for a duration in the largest unit up to hours that divides it exactly (hours rather
     * than days, so the usual {@code 168h} reads as written in the documentation).
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        for (Unit unit : UNITS_LARGEST_FIRST.subList(1, UNITS_LARGEST_FIRST.size())) {
            long millis = unit.length().toMillis();
            if (duration.toMillis() % millis == 0) {
                return duration.toMillis() / millis + unit.symbol();
            }
        }
        return duration.toMillis() + "ms";
    }

    private static Unit unit(String symbol) {
        return UNITS_LARGEST_FIRST.stream().filter(u -> u.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private record Unit(String symbol, Duration length) {
    }
}
