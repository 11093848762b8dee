package dev.berth.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The whole typed configuration of a Berth node, built by {@link ConfigLoader} from defaults, an optional YAML
 * file, {@code BERTH_*} environment variables and command-line flags. Every value is validated and paths are
 * absolute.
 *
 * @param dataDir  the directory that holds the default blob store and SQLite database
 * @param server   the HTTP server
 * @param tls      HTTPS
 * @param auth     authentication and the token service
 * @param storage  the blob store
 * @param s3       the S3-compatible blob store, for {@code storage.type: s3}
 * @param metadata the metadata store
 * @param registry registry behaviour
 * @param uploads  upload sessions
 * @param log      logging
 */
public record BerthConfig(Path dataDir, ServerConfig server, TlsConfig tls, AuthConfig auth, StorageConfig storage,
                          S3Config s3,
                          MetadataConfig metadata, RegistryConfig registry, UploadConfig uploads, LogConfig log) {

    /** The configuration used when nothing is configured: a single node on 127.0.0.1:5000 with data in ./data. */
    public static BerthConfig defaults() {
        return new ConfigLoader(Map.of()).load(Optional.empty(), Map.of());
    }
}
