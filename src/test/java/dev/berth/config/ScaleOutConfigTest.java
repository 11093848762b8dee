package dev.berth.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The keys of a scale-out node: the s3 section, PostgreSQL metadata, and how secrets are kept out of output. */
class ScaleOutConfigTest {
    @TempDir
    Path dir;

    @Test
    void load_s3AndPostgresFromFileAndEnvironment_bindsEveryValue() throws IOException {
        Path file = Files.writeString(dir.resolve("berth.yaml"), """
                storage:
                  type: s3
                s3:
                  bucket: berth-blobs
                  prefix: /registry/prod/
                  region: eu-central-1
                  endpoint: http://127.0.0.1:9000/
                  path-style: true
                  access-key: AKIDEXAMPLE
                  redirect: true
                  redirect-ttl: 5m
                  part-size: 32MiB
                metadata:
                  type: postgresql
                  url: postgresql://db.internal:5432/berth?sslmode=require
                  user: registry
                  pool-size: 24
                """);

        BerthConfig config = new ConfigLoader(Map.of("BERTH_S3_SECRET_KEY", "s3-secret",
                "BERTH_METADATA_PASSWORD", "pg-secret")).load(Optional.of(file), Map.of());

        assertThat(config.storage().type()).isEqualTo(StorageType.S3);
        assertThat(config.s3()).isEqualTo(new S3Config(Optional.of("berth-blobs"), "registry/prod", "eu-central-1",
                Optional.of(URI.create("http://127.0.0.1:9000")), true, Optional.of("AKIDEXAMPLE"),
                Optional.of(new Secret("s3-secret")), true, Duration.ofMinutes(5), 32L << 20));
        assertThat(config.metadata().type()).isEqualTo(MetadataType.POSTGRESQL);
        assertThat(config.metadata().postgresql()).isEqualTo(new PostgresConfig(
                Optional.of("jdbc:postgresql://db.internal:5432/berth?sslmode=require"), "registry",
                Optional.of(new Secret("pg-secret")), 24));
    }

    @Test
    void load_s3AndPostgresqlWithoutTheirRequiredKeys_listsEachMissingKey() {
        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of(
                "BERTH_STORAGE_TYPE", "s3", "BERTH_METADATA_TYPE", "postgresql", "BERTH_S3_ACCESS_KEY", "AKID"))
                .load(Optional.empty(), Map.of()));

        assertThat(failure.errors()).hasSize(3)
                .anySatisfy(e -> assertThat(e).startsWith("s3.bucket: required when storage.type is s3"))
                .anySatisfy(e -> assertThat(e).startsWith("s3.access-key and s3.secret-key: set both"))
                .anySatisfy(e -> assertThat(e).startsWith("metadata.url: required when metadata.type is postgresql"));
    }

    @Test
    void load_badScaleOutValues_reportsEveryOne() {
        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of())
                .load(Optional.empty(), Map.of(
                        "s3.bucket", "Not_A_Bucket",
                        "s3.endpoint", "ftp://example.com",
                        "s3.part-size", "1MiB",
                        "s3.redirect-ttl", "30d",
                        "metadata.url", "jdbc:mysql://db/berth",
                        "metadata.pool-size", "0")));

        assertThat(failure.errors()).hasSize(6)
                .anySatisfy(e -> assertThat(e).startsWith("s3.bucket: 'Not_A_Bucket' is not a bucket name"))
                .anySatisfy(e -> assertThat(e).startsWith("s3.endpoint: 'ftp://example.com' must be an http://"))
                .anySatisfy(e -> assertThat(e).startsWith("s3.part-size: '1MiB' must be between 5MiB and 512MiB"))
                .anySatisfy(e -> assertThat(e).startsWith("s3.redirect-ttl: '30d' must be between 1s and 168h"))
                .anySatisfy(e -> assertThat(e).startsWith("metadata.url: 'jdbc:mysql://db/berth' is not a PostgreSQL"))
                .anySatisfy(e -> assertThat(e).startsWith("metadata.pool-size: '0' must be between 1 and 500"));
    }

    @Test
    void load_postgresUrlWithPassword_refusedWithoutEchoingIt() {
        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of())
                .load(Optional.empty(), Map.of("metadata.url", "postgresql://berth:hunter2@db/berth")));

        assertThat(failure.errors()).singleElement().asString().contains("carries user info");
    }

    @Test
    void toYaml_secretsSet_printedMaskedAndConfigToStringHidesThem() {
        BerthConfig config = new ConfigLoader(Map.of("BERTH_S3_ACCESS_KEY", "AKIDEXAMPLE",
                "BERTH_S3_SECRET_KEY", "s3-very-secret", "BERTH_METADATA_PASSWORD", "pg-very-secret"))
                .load(Optional.empty(), Map.of());

        String yaml = EffectiveConfig.toYaml(config);

        assertThat(yaml).doesNotContain("very-secret")
                .contains("  secret-key: " + Secret.MASK + "\n")
                .contains("  password: " + Secret.MASK + "\n")
                .contains("  access-key: AKIDEXAMPLE\n");
        assertThat(config.toString()).doesNotContain("very-secret");
        assertThat(config.metadata().postgresql().password().orElseThrow().reveal()).isEqualTo("pg-very-secret");
    }

    @Test
    void toYaml_scaleOutConfig_loadsBackTheSameWithoutSecrets() throws IOException {
        BerthConfig original = new ConfigLoader(Map.of()).load(Optional.empty(), Map.of(
                "storage.type", "s3", "s3.bucket", "bucket-1", "s3.endpoint", "https://s3.example.com",
                "s3.path-style", "true", "metadata.type", "postgresql",
                "metadata.url", "jdbc:postgresql://127.0.0.1:5432/berth", "metadata.pool-size", "4"));
        Path file = Files.writeString(dir.resolve("effective.yaml"), EffectiveConfig.toYaml(original));

        assertThat(new ConfigLoader(Map.of()).load(Optional.of(file), Map.of())).isEqualTo(original);
    }
}
