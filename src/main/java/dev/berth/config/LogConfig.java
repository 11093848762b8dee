package dev.berth.config;

/**
 * Logging to standard output.
 *
 * @param level  least severe level written
 * @param format text lines or JSON lines
 */
public record LogConfig(LogLevel level, LogFormat format) {
}
