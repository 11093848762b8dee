package dev.berth.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as written in configuration: plain bytes ({@code 4194304}) or a number with a unit. Binary units
 * ({@code KiB}, {@code MiB}, {@code GiB}) are powers of 1024, decimal ones ({@code KB}, {@code MB}, {@code GB})
 * powers of 1000; {@code B} is bytes. Units are matched without regard to case.
 */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*([a-zA-Z]*)");
    private static final List<Unit> BINARY_LARGEST_FIRST = List.of(
            new Unit("GiB", 1L << 30), new Unit("MiB", 1L << 20), new Unit("KiB", 1L << 10));
    private static final List<Unit> ALL = List.of(
            new Unit("B", 1), new Unit("KiB", 1L << 10), new Unit("MiB", 1L << 20), new Unit("GiB", 1L << 30),
            new Unit("KB", 1_000), new Unit("MB", 1_000_000), new Unit("GB", 1_000_000_000));

    private ByteSizes() {
    }

    /** Parses a configuration size in bytes; throws {@link IllegalArgumentException} with a reader-facing message. */
    public static long parse(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches()) {
            throw notASize(text);
        }
        long amount = Long.parseLong(matcher.group(1));
        String symbol = matcher.group(2);
        if (symbol.isEmpty()) {
            return amount;
        }
        Unit unit = ALL.stream()
                .filter(u -> u.symbol().toLowerCase(Locale.ROOT).equals(symbol.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> notASize(text));
        try {
            return Math.multiplyExact(amount, unit.bytes());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /** The shortest configuration text for a size: the largest binary unit that divides it exactly. */
    public static String format(long bytes) {
        for (Unit unit : BINARY_LARGEST_FIRST) {
            if (bytes != 0 && bytes % unit.bytes() == 0) {
                return bytes / unit.bytes() + unit.symbol();
            }
        }
        return Long.toString(bytes);
    }

    private static IllegalArgumentException notASize(String text) {
        return new IllegalArgumentException("'" + text + "' is not a size (use bytes, or e.g. 512KiB, 4MiB, 1GiB)");
    }

    private record Unit(String symbol, long bytes) {
    }
}
