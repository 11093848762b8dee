package dev.berth.config;

/**
 * A configuration value as written, before parsing, with where it came from for error messages.
 *
 * @param text   the value text; YAML scalars are turned into their text
 * @param origin e.g. {@code file /etc/berth.yaml}, {@code environment variable BERTH_SERVER_LISTEN}, {@code --listen}
 */
record RawValue(String text, String origin) {
}
