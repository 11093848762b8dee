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
    // The token spec: "never issue a token with an expiration under 60 seconds"; a day caps a leaked token's use.
    private static final Duration MIN_TOKEN_TTL = Duration.ofSeconds(60);
    private static final Duration MAX_TOKEN_TTL = Duration.ofDays(1);
    private static final Duration MAX_LEEWAY = Duration.ofMinutes(10);
    private static final int MAX_THROTTLE_FAILURES = 1_000_000;
    private static final int MAX_POOL_SIZE = 500;
    private static final long MIN_PART_BYTES = 5L << 20;
    private static final long MAX_PART_BYTES = 512L << 20;
    private static final long MAX_METADATA_CACHE_BYTES = 64L << 30;
    private static final Duration MAX_REDIRECT_TTL = Duration.ofDays(7);

    private final RawConfig raw;

    ConfigBinder(RawConfig raw) {
        this.raw = raw;
    }

    BerthConfig bind() {
        BerthConfig config = bindValues();
        checkCombinations(config);
        return config;
    }

    private BerthConfig bindValues() {
        Path dataDir = value(ConfigKey.DATA_DIR, ConfigBinder::path);
        return new BerthConfig(
                dataDir,
                new ServerConfig(
                        value(ConfigKey.SERVER_LISTEN, ListenAddress::parse),
                        optional(ConfigKey.SERVER_EXTERNAL_URL, ConfigBinder::externalUrl),
                        value(ConfigKey.SERVER_SHUTDOWN_GRACE, ConfigBinder::duration),
                        value(ConfigKey.SERVER_MAX_REQUEST_HEADER_BYTES,
                                text -> (int) sizeBetween(text, MIN_HEADER_BYTES, MAX_HEADER_BYTES))),
                tls(),
                auth(dataDir),
                new StorageConfig(
                        value(ConfigKey.STORAGE_TYPE, text -> ConfigChoice.parse(StorageType.class, text)),
                        optional(ConfigKey.STORAGE_ROOT, ConfigBinder::path).orElse(dataDir),
                        value(ConfigKey.STORAGE_DIRECT_WRITES, ConfigBinder::bool)),
                new S3Config(
                        optional(ConfigKey.S3_BUCKET, ConfigBinder::bucket),
                        optional(ConfigKey.S3_PREFIX, ConfigBinder::prefix).orElse(""),
                        value(ConfigKey.S3_REGION, ConfigBinder::nonEmpty),
                        optional(ConfigKey.S3_ENDPOINT, ConfigBinder::endpoint),
                        value(ConfigKey.S3_PATH_STYLE, ConfigBinder::bool),
                        optional(ConfigKey.S3_ACCESS_KEY, ConfigBinder::nonEmpty),
                        optional(ConfigKey.S3_SECRET_KEY, Secret::new),
                        value(ConfigKey.S3_REDIRECT, ConfigBinder::bool),
                        value(ConfigKey.S3_REDIRECT_TTL, text -> durationBetween(text, Duration.ofSeconds(1),
                                MAX_REDIRECT_TTL)),
                        value(ConfigKey.S3_PART_SIZE, text -> sizeBetween(text, MIN_PART_BYTES, MAX_PART_BYTES))),
                new MetadataConfig(
                        value(ConfigKey.METADATA_TYPE, text -> ConfigChoice.parse(MetadataType.class, text)),
                        optional(ConfigKey.METADATA_PATH, ConfigBinder::path).orElse(dataDir.resolve("metadata.db")),
                        value(ConfigKey.METADATA_SQLITE_DURABILITY,
                                text -> ConfigChoice.parse(SqliteDurability.class, text)),
                        value(ConfigKey.METADATA_CACHE_SIZE, text -> sizeBetween(text, 0, MAX_METADATA_CACHE_BYTES)),
                        new PostgresConfig(
                                optional(ConfigKey.METADATA_URL, ConfigBinder::postgresUrl),
                                value(ConfigKey.METADATA_USER, ConfigBinder::nonEmpty),
                                optional(ConfigKey.METADATA_PASSWORD, Secret::new),
                                value(ConfigKey.METADATA_POOL_SIZE, text -> count(text, MAX_POOL_SIZE)))),
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

    private TlsConfig tls() {
        Optional<Path> certificate = optional(ConfigKey.TLS_CERT, ConfigBinder::path);
        Optional<Path> key = optional(ConfigKey.TLS_KEY, ConfigBinder::path);
        if (certificate.isPresent() != key.isPresent()) {
            raw.error("tls.cert and tls.key must be set together (only " + (certificate.isPresent() ? "tls.cert"
                    : "tls.key") + " is set)");
        }
        return new TlsConfig(certificate, key, value(ConfigKey.TLS_RELOAD_INTERVAL, ConfigBinder::positiveDuration));
    }

    private AuthConfig auth(Path dataDir) {
        Optional<String> trustedIssuer = optional(ConfigKey.AUTH_TRUSTED_ISSUER, ConfigBinder::name);
        Optional<Path> trustedKeys = optional(ConfigKey.AUTH_TRUSTED_KEYS, ConfigBinder::path);
        if (trustedIssuer.isPresent() != trustedKeys.isPresent()) {
            raw.error("auth.trusted-issuer and auth.trusted-keys must be set together (only "
                    + (trustedIssuer.isPresent() ? "auth.trusted-issuer" : "auth.trusted-keys") + " is set)");
        }
        return new AuthConfig(
                value(ConfigKey.AUTH_MODE, text -> ConfigChoice.parse(AuthMode.class, text)),
                optional(ConfigKey.AUTH_HTPASSWD, ConfigBinder::path),
                value(ConfigKey.AUTH_THROTTLE_USER_FAILURES, text -> count(text, MAX_THROTTLE_FAILURES)),
                value(ConfigKey.AUTH_THROTTLE_ADDRESS_FAILURES, text -> count(text, MAX_THROTTLE_FAILURES)),
                value(ConfigKey.AUTH_THROTTLE_WINDOW, ConfigBinder::positiveDuration),
                optional(ConfigKey.AUTH_TOKEN_REALM, ConfigBinder::absoluteUrl),
                value(ConfigKey.AUTH_TOKEN_SERVICE, ConfigBinder::name),
                value(ConfigKey.AUTH_TOKEN_ISSUER, ConfigBinder::name),
                value(ConfigKey.AUTH_TOKEN_TTL, text -> durationBetween(text, MIN_TOKEN_TTL, MAX_TOKEN_TTL)),
                value(ConfigKey.AUTH_REFRESH_TOKEN_TTL, ConfigBinder::positiveDuration),
                optional(ConfigKey.AUTH_TOKEN_KEY_DIR, ConfigBinder::path).orElse(dataDir.resolve("token-keys")),
                value(ConfigKey.AUTH_TOKEN_KEY_ROTATION, ConfigBinder::positiveDuration),
                value(ConfigKey.AUTH_CLOCK_LEEWAY, text -> durationBetween(text, Duration.ZERO, MAX_LEEWAY)),
                trustedIssuer,
                trustedKeys);
    }

    /** Rules that span keys: what a chosen backend needs. */
    private void checkCombinations(BerthConfig config) {
        if (config.storage().type() == StorageType.S3 && config.s3().bucket().isEmpty()) {
            raw.error(ConfigKey.S3_BUCKET.key() + ": required when storage.type is s3 (set "
                    + ConfigKey.S3_BUCKET.environmentVariable() + " or s3.bucket in the file)");
        }
        if (config.s3().accessKey().isPresent() != config.s3().secretKey().isPresent()) {
            raw.error(ConfigKey.S3_ACCESS_KEY.key() + " and " + ConfigKey.S3_SECRET_KEY.key()
                    + ": set both, or neither to use the AWS SDK default credentials");
        }
        if (config.metadata().type() == MetadataType.POSTGRESQL && config.metadata().postgresql().url().isEmpty()) {
            raw.error(ConfigKey.METADATA_URL.key() + ": required when metadata.type is postgresql (e.g. "
                    + "jdbc:postgresql://db:5432/berth)");
        }
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

    /** An absolute http(s) URL with a host, such as a token realm. */
    private static URI absoluteUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' must be an absolute http:// or https:// URL with a host");
        }
        return uri;
    }

    /** S3 bucket names: 3 to 63 lower-case letters, digits, dots and dashes. */
    private static String bucket(String text) {
        if (!text.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + text + "' is not a bucket name (3 to 63 characters: a-z, 0-9,"
                    + " '.', '-')");
        }
        return text;
    }

    /** A key prefix without leading or trailing slashes. */
    private static String prefix(String text) {
        String trimmed = text.replaceAll("^/+|/+$", "");
        if (trimmed.contains("//")) {
            throw new IllegalArgumentException("'" + text + "' must not contain an empty path segment");
        }
        return trimmed;
    }

    private static String nonEmpty(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    }

    private static URI endpoint(String text) {
        URI uri;
        try {
            uri = new URI(text.replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' must be an http:// or https:// URL with a host and"
                    + " no user info or query");
        }
        return uri;
    }

    /** A service or issuer name: printable, no quotes or backslashes (it goes into a quoted header parameter). */
    private static String name(String text) {
        if (text.isBlank() || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            throw new IllegalArgumentException("'" + text + "' must be printable ASCII without spaces, quotes or backslashes");
        }
        return text;
    }

    /** A PostgreSQL JDBC URL; the libpq form {@code postgresql://host/db} is turned into one. */
    private static String postgresUrl(String text) {
        String url = text.startsWith("postgresql://") || text.startsWith("postgres://")
                ? "jdbc:postgresql://" + text.substring(text.indexOf("://") + 3)
                : text;
        if (!url.startsWith("jdbc:postgresql://") || url.length() == "jdbc:postgresql://".length()) {
            throw new IllegalArgumentException("'" + text + "' is not a PostgreSQL URL (jdbc:postgresql://HOST[:PORT]/"
                    + "DATABASE)");
        }
        if (url.substring("jdbc:postgresql://".length()).split("[/?]")[0].contains("@")) {
            throw new IllegalArgumentException("'" + text + "' carries user info; set metadata.user and "
                    + "metadata.password instead");
        }
        return url;
    }

    private static Duration durationBetween(String text, Duration min, Duration max) {
        Duration duration = Durations.parse(text);
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + text + "' must be between " + Durations.format(min) + " and "
                    + Durations.format(max));
        }
        return duration;
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
