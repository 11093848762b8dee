package dev.berth.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static BerthConfig load(Map<String, String> env, Optional<Path> file, Map<String, String> cli) {
        return new ConfigLoader(env).load(file, cli);
    }

    private static ConfigException failure(Map<String, String> env, Optional<Path> file, Map<String, String> cli) {
        return catchThrowableOfType(ConfigException.class, () -> load(env, file, cli));
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("berth.yaml"), text);
    }

    @Test
    void load_nothingConfigured_givesDocumentedDefaults() {
        BerthConfig config = load(Map.of(), Optional.empty(), Map.of());

        Path data = Path.of("data").toAbsolutePath().normalize();
        assertThat(config.dataDir()).isEqualTo(data);
        assertThat(config.server()).isEqualTo(new ServerConfig(new ListenAddress("127.0.0.1", 5000),
                Optional.empty(), Duration.ofSeconds(10), 16 * 1024));
        assertThat(config.storage()).isEqualTo(new StorageConfig(StorageType.FILESYSTEM, data, true));
        assertThat(config.metadata()).isEqualTo(
                new MetadataConfig(MetadataType.SQLITE, data.resolve("metadata.db"), SqliteDurability.FULL, 32L << 20,
                        new PostgresConfig(Optional.empty(), "berth", Optional.empty(), 16)));
        assertThat(config.s3()).isEqualTo(new S3Config(Optional.empty(), "", "us-east-1", Optional.empty(), false,
                Optional.empty(), Optional.empty(), false, Duration.ofMinutes(15), 16L << 20));
        assertThat(config.registry()).isEqualTo(new RegistryConfig(true, 4_194_304, false, 1000, 500));
        assertThat(config.uploads()).isEqualTo(new UploadConfig(Duration.ofHours(168), Duration.ofHours(1)));
        assertThat(config.log()).isEqualTo(new LogConfig(LogLevel.INFO, LogFormat.TEXT));
        assertThat(BerthConfig.defaults()).isEqualTo(config);
    }

    @Test
    void load_yamlFile_overridesDefaultsAndDerivesPathsFromDataDir() throws IOException {
        Path file = yaml("""
                data-dir: %s
                server:
                  listen: "[::1]:5001"
                  external-url: https://registry.example.com/
                  shutdown-grace: 1m30s
                  max-request-header-bytes: 32KiB
                metadata:
                  sqlite-durability: normal
                registry:
                  deletes-enabled: false
                  max-manifest-bytes: 8MiB
                  require-index-children: true
                  max-page-size: 200
                  referrers-page-size: 50
                uploads:
                  purge-after: 1d
                  purge-interval: 10m
                log:
                  level: debug
                  format: json
                """.formatted(dir.resolve("store")));

        BerthConfig config = load(Map.of(), Optional.of(file), Map.of());

        assertThat(config.dataDir()).isEqualTo(dir.resolve("store"));
        assertThat(config.storage().root()).isEqualTo(dir.resolve("store"));
        assertThat(config.metadata().path()).isEqualTo(dir.resolve("store/metadata.db"));
        assertThat(config.server()).isEqualTo(new ServerConfig(new ListenAddress("::1", 5001),
                Optional.of(URI.create("https://registry.example.com")), Duration.ofSeconds(90), 32 * 1024));
        assertThat(config.metadata().sqliteDurability()).isEqualTo(SqliteDurability.NORMAL);
        assertThat(config.registry()).isEqualTo(new RegistryConfig(false, 8L << 20, true, 200, 50));
        assertThat(config.uploads()).isEqualTo(new UploadConfig(Duration.ofDays(1), Duration.ofMinutes(10)));
        assertThat(config.log()).isEqualTo(new LogConfig(LogLevel.DEBUG, LogFormat.JSON));
    }

    @Test
    void load_explicitStorageRootAndMetadataPath_winOverDataDir() {
        BerthConfig config = load(Map.of(), Optional.empty(), Map.of(
                "data-dir", dir.toString(),
                "storage.root", dir.resolve("blobs").toString(),
                "metadata.path", dir.resolve("db/berth.db").toString()));

        assertThat(config.storage().root()).isEqualTo(dir.resolve("blobs"));
        assertThat(config.metadata().path()).isEqualTo(dir.resolve("db/berth.db"));
    }

    @Test
    void load_environmentVariables_overrideFile() throws IOException {
        Path file = yaml("""
                server:
                  listen: 127.0.0.1:6000
                registry:
                  max-page-size: 10
                """);

        BerthConfig config = load(Map.of(
                "BERTH_SERVER_LISTEN", "0.0.0.0:7000",
                "BERTH_REGISTRY_DELETES_ENABLED", "FALSE",
                "BERTH_DATA_DIR", dir.toString()), Optional.of(file), Map.of());

        assertThat(config.server().listen()).isEqualTo(new ListenAddress("0.0.0.0", 7000));
        assertThat(config.registry().deletesEnabled()).isFalse();
        assertThat(config.registry().maxPageSize()).isEqualTo(10);
        assertThat(config.dataDir()).isEqualTo(dir);
    }

    @Test
    void load_commandLine_overridesEnvironmentAndFile() throws IOException {
        Path file = yaml("server:\n  listen: 127.0.0.1:6000\nlog:\n  level: warn\n");

        BerthConfig config = load(Map.of("BERTH_SERVER_LISTEN", "127.0.0.1:7000", "BERTH_LOG_LEVEL", "error"),
                Optional.of(file), Map.of("server.listen", "127.0.0.1:8000"));

        assertThat(config.server().listen().port()).isEqualTo(8000);
        assertThat(config.log().level()).isEqualTo(LogLevel.ERROR);
    }

    @Test
    void load_manyInvalidValues_listsEveryErrorAtOnce() throws IOException {
        Path file = yaml("""
                server:
                  listen: localhost
                  shutdown-grace: 10
                  lisen: 127.0.0.1:1
                storage:
                  type: s4
                registry:
                  max-manifest-bytes: 4 MB please
                  max-page-size: -1
                uploads:
                  purge-after: 0s
                """);

        ConfigException failure = failure(Map.of(
                "BERTH_LOG_LEVEL", "loud",
                "BERTH_REGISTRY_NOPE", "1"), Optional.of(file), Map.of(
                "metadata.sqlite-durability", "sometimes",
                "server.external-url", "ftp://example.com"));

        assertThat(failure.errors()).hasSize(11);
        assertThat(String.join("\n", failure.errors()))
                .contains("unknown key 'server.lisen'", "did you mean 'server.listen'?")
                .contains("unknown environment variable BERTH_REGISTRY_NOPE")
                .contains("server.listen: 'localhost' is not HOST:PORT")
                .contains("server.shutdown-grace: '10' is not a duration")
                .contains("storage.type: 's4' is not one of: filesystem")
                .contains("registry.max-manifest-bytes: '4 MB please' is not a size")
                .contains("registry.max-page-size: '-1' must be between 1 and 100000")
                .contains("uploads.purge-after: '0s' must be longer than zero")
                .contains("log.level: 'loud' is not one of: trace, debug, info, warn, error (environment variable BERTH_LOG_LEVEL)")
                .contains("metadata.sqlite-durability: 'sometimes' is not one of: full, normal (command line)")
                .contains("server.external-url: 'ftp://example.com' must be an absolute http:// or https:// URL");
        assertThat(failure.getMessage()).startsWith("11 configuration errors:");
    }

    @Test
    void load_unknownSectionInFile_isAnErrorNamingTheFile() throws IOException {
        Path file = yaml("cache:\n  type: redis\n");

        ConfigException failure = failure(Map.of(), Optional.of(file), Map.of());

        assertThat(failure.errors()).containsExactly("unknown key 'cache.type' (file " + file + ")");
    }

    @Test
    void load_sectionGivenAValue_isAnErrorNamingAKeyOfIt() {
        ConfigException failure = failure(Map.of(), Optional.empty(), Map.of("uploads", "1h"));

        assertThat(failure.errors()).containsExactly(
                "'uploads' is a section, not a value; set its keys, e.g. uploads.purge-after (command line)");
    }

    @Test
    void load_unknownCommandLineKey_isAnError() {
        ConfigException failure = failure(Map.of(), Optional.empty(), Map.of("registry.max-page", "5"));

        assertThat(failure.errors()).singleElement().asString()
                .contains("unknown key 'registry.max-page' (command line)")
                .contains("did you mean 'registry.max-page-size'?");
    }

    @Test
    void load_berthVariablesOfOtherTools_areIgnored() {
        BerthConfig config = load(Map.of(
                "BERTH_JAVA_OPTS", "-Xmx1g",
                "BERTH_CONFIG", "/nowhere.yaml",
                "BERTH_TEST_S3_ENDPOINT", "http://127.0.0.1:9000",
                "PATH", "/usr/bin"), Optional.empty(), Map.of());

        assertThat(config).isEqualTo(BerthConfig.defaults());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "server.listen                   | 127.0.0.1          | is not HOST:PORT",
            "server.listen                   | 127.0.0.1:70000    | outside 0-65535",
            "server.listen                   | ::1:5000           | is not HOST:PORT",
            "server.shutdown-grace           | 5 minutes          | is not a duration",
            "server.shutdown-grace           | -1s                | is not a duration",
            "uploads.purge-interval          | 1w                 | is not a duration",
            "server.max-request-header-bytes | 16QiB              | is not a size",
            "server.max-request-header-bytes | 10                 | must be between 1KiB and 1MiB",
            "registry.max-manifest-bytes     | 4GiB               | must be between 1 and",
            "registry.max-manifest-bytes     | 99999999999999GiB  | is too large",
            "registry.deletes-enabled        | yes                | is not true or false",
            "registry.referrers-page-size    | 1.5                | is not a whole number",
            "server.external-url             | https://u:p@h.io   | must not carry user info",
            "server.external-url             | registry.local     | must be an absolute http:// or https:// URL",
            "log.format                      | xml                | is not one of: text, json",
    })
    void load_invalidValue_isReportedWithKeyAndReason(String key, String value, String reason) {
        ConfigException failure = failure(Map.of(), Optional.empty(), Map.of(key, value));

        assertThat(failure.errors()).singleElement().asString()
                .startsWith(key + ": '" + value + "'")
                .contains(reason)
                .endsWith("(command line)");
    }

    @Test
    void load_blankExternalUrl_meansUnset() {
        BerthConfig config = load(Map.of("BERTH_SERVER_EXTERNAL_URL", ""), Optional.empty(), Map.of());

        assertThat(config.server().externalUrl()).isEmpty();
    }

    @Test
    void load_nullValuesAndEmptyFile_keepDefaults() throws IOException {
        assertThat(load(Map.of(), Optional.of(yaml("")), Map.of())).isEqualTo(BerthConfig.defaults());
        assertThat(load(Map.of(), Optional.of(yaml("server:\n  listen:\nlog: ~\n")), Map.of()))
                .isEqualTo(BerthConfig.defaults());
    }

    @Test
    void load_missingFile_isAnErrorAndOtherSourcesAreStillChecked() {
        Path missing = dir.resolve("missing.yaml");

        ConfigException failure = failure(Map.of("BERTH_SERVER_LISTEN", "x"), Optional.of(missing), Map.of());

        assertThat(failure.errors()).hasSize(2);
        assertThat(failure.errors().getFirst()).isEqualTo("configuration file " + missing + " does not exist");
        assertThat(failure.errors().get(1)).startsWith("server.listen: 'x' is not HOST:PORT");
    }

    @Test
    void load_yamlSyntaxError_isReportedWithItsLine() throws IOException {
        Path file = yaml("server:\n  listen: [unclosed\n");

        ConfigException failure = failure(Map.of(), Optional.of(file), Map.of());

        assertThat(failure.errors()).singleElement().asString()
                .startsWith("configuration file " + file + " is not valid YAML")
                .contains("line ");
    }

    @Test
    void load_duplicateYamlKey_isAnError() throws IOException {
        Path file = yaml("server:\n  listen: 127.0.0.1:1\n  listen: 127.0.0.1:2\n");

        ConfigException failure = failure(Map.of(), Optional.of(file), Map.of());

        assertThat(failure.errors()).singleElement().asString().contains("Duplicate").contains("listen");
    }

    @Test
    void load_listOrScalarRoot_isAnError() throws IOException {
        assertThat(failure(Map.of(), Optional.of(yaml("server:\n  listen:\n    - a\n")), Map.of()).errors())
                .containsExactly("'server.listen' must be a single value, not a list (file " + dir.resolve("berth.yaml") + ")");
        assertThat(failure(Map.of(), Optional.of(yaml("just text\n")), Map.of()).errors())
                .singleElement().asString().contains("must hold a mapping of sections");
    }

    @Test
    void configFileFromEnvironment_berthConfigSet_namesThatFile() {
        assertThat(new ConfigLoader(Map.of("BERTH_CONFIG", "/etc/berth.yaml")).configFileFromEnvironment())
                .contains(Path.of("/etc/berth.yaml"));
        assertThat(new ConfigLoader(Map.of()).configFileFromEnvironment()).isEmpty();
    }
}
