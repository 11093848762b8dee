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

    TLS_CERT("tls.cert", "", "FILE",
            "PEM certificate chain (leaf first). With tls.key, Berth serves HTTPS only (HTTP/2 and HTTP/1.1).",
            c -> c.tls().certificate().map(Object::toString).orElse(null)),
    TLS_KEY("tls.key", "", "FILE",
            "PEM private key of tls.cert (PKCS#8, or PKCS#1 RSA / SEC1 EC).",
            c -> c.tls().privateKey().map(Object::toString).orElse(null)),
    TLS_RELOAD_INTERVAL("tls.reload-interval", "10s", "DURATION",
            "How often the certificate and key files are checked; changed files are loaded without a restart.",
            c -> Durations.format(c.tls().reloadInterval())),

    AUTH_MODE("auth.mode", "none", "none|basic|token",
            "none: no authentication; basic: HTTP Basic on every request; token: Docker token auth with the built-in token service.",
            c -> c.auth().mode().configName()),
    AUTH_HTPASSWD("auth.htpasswd", "", "FILE",
            "htpasswd file (bcrypt) whose users are accepted besides the users in the database.",
            c -> c.auth().htpasswd().map(Object::toString).orElse(null)),
    AUTH_THROTTLE_USER_FAILURES("auth.throttle-user-failures", "10", "COUNT",
            "Failed logins for one user name within auth.throttle-window after which its logins get 429 for a while.",
            c -> c.auth().throttleUserFailures()),
    AUTH_THROTTLE_ADDRESS_FAILURES("auth.throttle-address-failures", "50", "COUNT",
            "Failed logins from one source address within auth.throttle-window after which its logins get 429 for a while.",
            c -> c.auth().throttleAddressFailures()),
    AUTH_THROTTLE_WINDOW("auth.throttle-window", "5m", "DURATION",
            "The window failed logins are counted in; a throttled caller may try again when its oldest failure leaves it.",
            c -> Durations.format(c.auth().throttleWindow())),
    AUTH_TOKEN_REALM("auth.token-realm", "", "URL",
            "Token endpoint URL announced in Bearer challenges. Unset: <server.external-url or request URL>/token.",
            c -> c.auth().tokenRealm().map(Object::toString).orElse(null)),
    AUTH_TOKEN_SERVICE("auth.token-service", "berth", "NAME",
            "Service name: the service of challenges and the audience (aud) of tokens.",
            c -> c.auth().tokenService()),
    AUTH_TOKEN_ISSUER("auth.token-issuer", "berth", "NAME",
            "Issuer (iss) of the tokens the built-in token service signs.",
            c -> c.auth().tokenIssuer()),
    AUTH_TOKEN_TTL("auth.token-ttl", "5m", "DURATION",
            "Lifetime of access tokens (at least 60s).",
            c -> Durations.format(c.auth().tokenTtl())),
    AUTH_REFRESH_TOKEN_TTL("auth.refresh-token-ttl", "90d", "DURATION",
            "Lifetime of refresh tokens (the identity token docker login stores).",
            c -> Durations.format(c.auth().refreshTokenTtl())),
    AUTH_TOKEN_KEY_DIR("auth.token-key-dir", "<data-dir>/token-keys", "DIR",
            "Directory of the token signing keys (PEM, readable by the owner only); created with a key on first start.",
            c -> c.auth().tokenKeyDir().toString()),
    AUTH_TOKEN_KEY_ROTATION("auth.token-key-rotation", "30d", "DURATION",
            "Age after which a new signing key is made; older keys keep verifying tokens until those have expired.",
            c -> Durations.format(c.auth().tokenKeyRotation())),
    AUTH_CLOCK_LEEWAY("auth.clock-leeway", "60s", "DURATION",
            "Clock skew tolerated when checking exp, nbf and iat of tokens.",
            c -> Durations.format(c.auth().clockLeeway())),
    AUTH_TRUSTED_ISSUER("auth.trusted-issuer", "", "NAME",
            "Issuer (iss) of an external token service whose tokens are accepted as well; needs auth.trusted-keys.",
            c -> c.auth().trustedIssuer().orElse(null)),
    AUTH_TRUSTED_KEYS("auth.trusted-keys", "", "FILE",
            "Public keys of auth.trusted-issuer: a JWKS file, or PEM public keys and certificates.",
            c -> c.auth().trustedKeys().map(Object::toString).orElse(null)),

    STORAGE_TYPE("storage.type", "filesystem", "filesystem|s3",
            "Where blob bytes are stored: filesystem under storage.root, or s3 (the s3 section).",
            c -> c.storage().type().configName()),
    STORAGE_ROOT("storage.root", "<data-dir>", "DIR",
            "Root directory of the filesystem blob store.",
            c -> c.storage().root().toString()),
    STORAGE_DIRECT_WRITES("storage.direct-writes", "true", "true|false",
            "Write uploads of the filesystem store around the page cache (O_DIRECT) when the file system allows it.",
            c -> c.storage().directWrites()),

    S3_BUCKET("s3.bucket", "", "NAME",
            "Bucket holding blobs and uploads (required for storage.type s3).",
            c -> c.s3().bucket().orElse(null)),
    S3_PREFIX("s3.prefix", "", "PREFIX",
            "Key prefix inside the bucket, e.g. registry/prod; empty: the bucket's root.",
            c -> c.s3().prefix()),
    S3_REGION("s3.region", "us-east-1", "REGION",
            "Signing region of the bucket.",
            c -> c.s3().region()),
    S3_ENDPOINT("s3.endpoint", "", "URL",
            "Endpoint of an S3-compatible service (MinIO, Ceph RGW, Garage, R2 …); unset: AWS S3 of the region.",
            c -> c.s3().endpoint().map(Object::toString).orElse(null)),
    S3_PATH_STYLE("s3.path-style", "false", "true|false",
            "Address the bucket as ENDPOINT/BUCKET instead of BUCKET.ENDPOINT (most self-hosted services need true).",
            c -> c.s3().pathStyle()),
    S3_ACCESS_KEY("s3.access-key", "", "KEY",
            "Access key id; unset: the AWS SDK default chain (AWS_* variables, profile, instance or pod role).",
            c -> c.s3().accessKey().orElse(null)),
    S3_SECRET_KEY("s3.secret-key", "", "SECRET",
            "Secret of s3.access-key. Never printed.",
            c -> c.s3().secretKey().map(Secret::reveal).orElse(null), true),
    S3_REDIRECT("s3.redirect", "false", "true|false",
            "Answer blob GETs with a redirect to a presigned URL instead of streaming the bytes through Berth.",
            c -> c.s3().redirect()),
    S3_REDIRECT_TTL("s3.redirect-ttl", "15m", "DURATION",
            "How long a presigned blob URL stays valid (1s to 7d).",
            c -> Durations.format(c.s3().redirectTtl())),
    S3_PART_SIZE("s3.part-size", "16MiB", "SIZE",
            "Bytes per multipart-upload part (5MiB to 512MiB); smaller chunks are buffered up to it.",
            c -> ByteSizes.format(c.s3().partSize())),

    METADATA_TYPE("metadata.type", "sqlite", "sqlite|postgresql",
            "Database for tags, manifests, links, referrers and upload sessions: an embedded SQLite file, or a PostgreSQL database shared by every node.",
            c -> c.metadata().type().configName()),
    METADATA_PATH("metadata.path", "<data-dir>/metadata.db", "FILE",
            "SQLite database file.",
            c -> c.metadata().path().toString()),
    METADATA_SQLITE_DURABILITY("metadata.sqlite-durability", "full", "full|normal",
            "full: every acknowledged push survives a power loss; normal: faster, may lose the last pushes on power loss (never on a crash).",
            c -> c.metadata().sqliteDurability().configName()),
    METADATA_CACHE_SIZE("metadata.cache-size", "32MiB", "SIZE",
            "Memory for answers of repeated metadata reads (tags, manifests, blob links) with SQLite; 0 turns it off. Not used with postgresql.",
            c -> ByteSizes.format(c.metadata().cacheBytes())),
    METADATA_URL("metadata.url", "", "URL",
            "PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/berth (postgresql:// also accepted); required for postgresql.",
            c -> c.metadata().postgresql().url().orElse(null)),
    METADATA_USER("metadata.user", "berth", "USER",
            "PostgreSQL user.",
            c -> c.metadata().postgresql().user()),
    METADATA_PASSWORD("metadata.password", "", "PASSWORD",
            "PostgreSQL password; best given as BERTH_METADATA_PASSWORD. Never printed.",
            c -> c.metadata().postgresql().password().map(Secret::reveal).orElse(null), true),
    METADATA_POOL_SIZE("metadata.pool-size", "16", "COUNT",
            "PostgreSQL connections per node for metadata transactions (1 to 500); each node also keeps 2 for locks.",
            c -> c.metadata().postgresql().poolSize()),

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
    private final boolean secret;

    ConfigKey(String key, String defaultValue, String valueHint, String description,
              Function<BerthConfig, Object> effectiveValue) {
        this(key, defaultValue, valueHint, description, effectiveValue, false);
    }

    ConfigKey(String key, String defaultValue, String valueHint, String description,
              Function<BerthConfig, Object> effectiveValue, boolean secret) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.valueHint = valueHint;
        this.description = description;
        this.effectiveValue = effectiveValue;
        this.secret = secret;
    }

    /** True for passwords and keys: shown as {@link Secret#MASK} wherever configuration is printed. */
    public boolean secret() {
        return secret;
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
