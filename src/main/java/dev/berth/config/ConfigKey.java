package dev.berth.config;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every configuration key Berth knows: its dotted name ({@code section.key-name}, lower case with dashes), its
 * default as written in configuration, a hint of its value syntax, a description, and how to write the effective
 * value back out. The help text, {@code config check} output and docs/configuration.md all follow this list.
 *
 * <p>In a YAML file {@code server.listen} is {@code listen} under {@code server:}; as an environment variable it is
 * {@code BERTH_SERVER_LISTEN} (upper case, dots and dashes become underscores).
 */
public enum ConfigKey {
    DATA_DIR("data-dir", "./data", "DIR",
            "Directory for blobs, uploads and the SQLite database unless storage.root / metadata.path say otherwise.",
            c -> c.dataDir().toString()),

    SERVER_LISTEN("server.listen", "127.0.0.1:5000", "HOST:PORT",
            "Address and port to listen on; [::1]:5000 for IPv6, 0.0.0.0:5000 for every interface, port 0 for any free port.",
            c -> c.server().listen().toString()),
    SERVER_EXTERNAL_URL("server.external-url", "", "URL",
            "URL clients use to reach Berth behind a proxy (http(s)://host[:port][/prefix]); used for Location headers. Unset: taken from each request.",
            c -> c.server().externalUrl().map(Object::toString).orElse(null)),
    SERVER_SHUTDOWN_GRACE("server.shutdown-grace", "10s", "DURATION",
            "How long in-flight requests may run after a shutdown signal.",
            c -> Durations.format(c.server().shutdownGrace())),
    SERVER_MAX_REQUEST_HEADER_BYTES("server.max-request-header-bytes", "16KiB", "SIZE",
            "Largest request header block accepted (1KiB to 1MiB).",
            c -> ByteSizes.format(c.server().maxRequestHeaderBytes())),

    STORAGE_TYPE("storage.type", "filesystem", "filesystem",
            "Where blob bytes are stored.",
            c -> c.storage().type().configName()),
    STORAGE_ROOT("storage.root", "<data-dir>", "DIR",
            "Root directory of the filesystem blob store.",
            c -> c.storage().root().toString()),

    METADATA_TYPE("metadata.type", "sqlite", "sqlite",
            "Database for tags, manifests, links, referrers and upload sessions.",
            c -> c.metadata().type().configName()),
    METADATA_PATH("metadata.path", "<data-dir>/metadata.db", "FILE",
            "SQLite database file.",
            c -> c.metadata().path().toString()),
    METADATA_SQLITE_DURABILITY("metadata.sqlite-durability", "full", "full|normal",
            "full: every acknowledged push survives a power loss; normal: faster, may lose the last pushes on power loss (never on a crash).",
            c -> c.metadata().sqliteDurability().configName()),

    REGISTRY_DELETES_ENABLED("registry.deletes-enabled", "true", "true|false",
            "Allow DELETE of manifests, tags and blobs; when false they answer UNSUPPORTED.",
            c -> c.registry().deletesEnabled()),
    REGISTRY_MAX_MANIFEST_BYTES("registry.max-manifest-bytes", "4MiB", "SIZE",
            "Largest manifest accepted; larger pushes get 413.",
            c -> ByteSizes.format(c.registry().maxManifestBytes())),
    REGISTRY_REQUIRE_INDEX_CHILDREN("registry.require-index-children", "false", "true|false",
            "Reject an image index unless every child manifest is already in the repository.",
            c -> c.registry().requireIndexChildren()),
    REGISTRY_MAX_PAGE_SIZE("registry.max-page-size", "1000", "COUNT",
            "Largest n accepted on tags/list and _catalog; larger n is a PAGINATION_NUMBER_INVALID error.",
            c -> c.registry().maxPageSize()),
    REGISTRY_REFERRERS_PAGE_SIZE("registry.referrers-page-size", "500", "COUNT",
            "Descriptors per referrers response before a Link to the next page.",
            c -> c.registry().referrersPageSize()),

    UPLOADS_PURGE_AFTER("uploads.purge-after", "168h", "DURATION",
            "An upload session untouched this long is removed with its bytes.",
            c -> Durations.format(c.uploads().purgeAfter())),
    UPLOADS_PURGE_INTERVAL("uploads.purge-interval", "1h", "DURATION",
            "How often stale uploads are looked for.",
            c -> Durations.format(c.uploads().purgeInterval())),

    LOG_LEVEL("log.level", "info", "trace|debug|info|warn|error",
            "Least severe log level written.",
            c -> c.log().level().configName()),
    LOG_FORMAT("log.format", "text", "text|json",
            "text: one readable line per event; json: one JSON object per line.",
            c -> c.log().format().configName());

    private static final String ENV_PREFIX = "BERTH_";

    private final String key;
    private final String defaultValue;
    private final String valueHint;
    private final String description;
    private final Function<BerthConfig, Object> effectiveValue;

    ConfigKey(String key, String defaultValue, String valueHint, String description,
              Function<BerthConfig, Object> effectiveValue) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.valueHint = valueHint;
        this.description = description;
        this.effectiveValue = effectiveValue;
    }

    /** The dotted key, e.g. {@code server.listen}. */
    public String key() {
        return key;
    }

    /** The default as written in configuration; empty when unset by default, {@code <data-dir>…} when derived. */
    public String defaultValue() {
        return defaultValue;
    }

    /** A short hint of the value syntax, e.g. {@code HOST:PORT} or {@code DURATION}. */
    public String valueHint() {
        return valueHint;
    }

    public String description() {
        return description;
    }

    /** The section, e.g. {@code server}; empty for top-level keys such as {@code data-dir}. */
    public Optional<String> section() {
        int dot = key.indexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(key.substring(0, dot));
    }

    /** The key inside its section, e.g. {@code listen}. */
    public String localName() {
        return key.substring(key.indexOf('.') + 1);
    }

    /** The environment variable that sets this key, e.g. {@code BERTH_SERVER_LISTEN}. */
    public String environmentVariable() {
        return ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The effective value in a configuration, as YAML would hold it (a string, boolean or number; null if unset). */
    public Object effectiveValue(BerthConfig config) {
        return effectiveValue.apply(config);
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /** The names of all sections, in declaration order. */
    public static Set<String> sections() {
        Set<String> sections = new LinkedHashSet<>();
        for (ConfigKey k : values()) {
            k.section().ifPresent(sections::add);
        }
        return sections;
    }

    static String environmentPrefix() {
        return ENV_PREFIX;
    }
}
