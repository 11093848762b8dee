package dev.berth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns raw values into the typed {@link BerthConfig}. A value that fails to parse is recorded as an error and
 * replaced by its default, so binding goes on and every error is found in one pass.
 */
final class ConfigBinder {
    private static final long MIN_HEADER_BYTES = 1L << 10;
    private static final long MAX_HEADER_BYTES = 1L << 20;
    private static final int MAX_PAGE_SIZE_LIMIT = 100_000;

    private final RawConfig raw;

    ConfigBinder(RawConfig raw) {
        this.raw = raw;
    }

    BerthConfig bind() {
        Path dataDir = value(ConfigKey.DATA_DIR, ConfigBinder::path);
        return new BerthConfig(
                dataDir,
                new ServerConfig(
                        value(ConfigKey.SERVER_LISTEN, ListenAddress::parse),
                        optional(ConfigKey.SERVER_EXTERNAL_URL, ConfigBinder::externalUrl),
                        value(ConfigKey.SERVER_SHUTDOWN_GRACE, ConfigBinder::duration),
                        value(ConfigKey.SERVER_MAX_REQUEST_HEADER_BYTES,
                                text -> (int) sizeBetween(text, MIN_HEADER_BYTES, MAX_HEADER_BYTES))),
                new StorageConfig(
                        value(ConfigKey.STORAGE_TYPE, text -> ConfigChoice.parse(StorageType.class, text)),
                        optional(ConfigKey.STORAGE_ROOT, ConfigBinder::path).orElse(dataDir)),
                new MetadataConfig(
                        value(ConfigKey.METADATA_TYPE, text -> ConfigChoice.parse(MetadataType.class, text)),
                        optional(ConfigKey.METADATA_PATH, ConfigBinder::path).orElse(dataDir.resolve("metadata.db")),
                        value(ConfigKey.METADATA_SQLITE_DURABILITY,
                                text -> ConfigChoice.parse(SqliteDurability.class, text))),
                new RegistryConfig(
                        value(ConfigKey.REGISTRY_DELETES_ENABLED, ConfigBinder::bool),
                        value(ConfigKey.REGISTRY_MAX_MANIFEST_BYTES, text -> sizeBetween(text, 1, Integer.MAX_VALUE)),
                        value(ConfigKey.REGISTRY_REQUIRE_INDEX_CHILDREN, ConfigBinder::bool),
                        value(ConfigKey.REGISTRY_MAX_PAGE_SIZE, text -> count(text, MAX_PAGE_SIZE_LIMIT)),
                        value(ConfigKey.REGISTRY_REFERRERS_PAGE_SIZE, text -> count(text, MAX_PAGE_SIZE_LIMIT))),
                new UploadConfig(
                        value(ConfigKey.UPLOADS_PURGE_AFTER, ConfigBinder::positiveDuration),
                        value(ConfigKey.UPLOADS_PURGE_INTERVAL, ConfigBinder::positiveDuration)),
                new LogConfig(
                        value(ConfigKey.LOG_LEVEL, text -> ConfigChoice.parse(LogLevel.class, text)),
                        value(ConfigKey.LOG_FORMAT, text -> ConfigChoice.parse(LogFormat.class, text))));
    }

    /** The explicit value if set and valid, otherwise the key's default. */
    private <T> T value(ConfigKey key, Function<String, T> parser) {
        return raw.get(key)
                .flatMap(value -> parsed(key, value, parser))
                .orElseGet(() -> parser.apply(key.defaultValue()));
    }

    /** The explicit value if set, non-blank and valid; keys whose default is derived or absent use this. */
    private <T> Optional<T> optional(ConfigKey key, Function<String, T> parser) {
        return raw.get(key)
                .filter(value -> !value.text().isBlank())
                .flatMap(value -> parsed(key, value, parser));
    }

    private <T> Optional<T> parsed(ConfigKey key, RawValue value, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(value.text().strip()));
        } catch (IllegalArgumentException e) {
            raw.error(key.key() + ": " + e.getMessage() + " (" + value.origin() + ")");
            return Optional.empty();
        }
    }

    private static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("a path must not be empty");
        }
        String expanded = text.equals("~") || text.startsWith("~/")
                ? System.getProperty("user.home") + text.substring(1)
                : text;
        return Path.of(expanded).toAbsolutePath().normalize();
    }

    private static URI externalUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' must be an absolute http:// or https:// URL with a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' must not carry user info, a query or a fragment");
        }
        String withoutTrailingSlash = text.replaceAll("/+$", "");
        return URI.create(withoutTrailingSlash);
    }

    private static Duration duration(String text) {
        return Durations.parse(text);
    }

    private static Duration positiveDuration(String text) {
        Duration duration = Durations.parse(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' must be longer than zero");
        }
        return duration;
    }

    private static long sizeBetween(String text, long min, long max) {
        long size = ByteSizes.parse(text);
        if (size < min || size > max) {
            throw new IllegalArgumentException("'" + text + "' must be between " + ByteSizes.format(min) + " and "
                    + ByteSizes.format(max));
        }
        return size;
    }

    private static int count(String text, int max) {
        int count;
        try {
            count = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        if (count < 1 || count > max) {
            throw new IllegalArgumentException("'" + text + "' must be between 1 and " + max);
        }
        return count;
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }
}
