package dev.berth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTPS. Both files or neither: with them the listener speaks TLS only (HTTP/2 and HTTP/1.1 by ALPN).
 *
 * @param certificate    PEM certificate chain, leaf first
 * @param privateKey     PEM private key of the leaf certificate
 * @param reloadInterval how often the two files are checked; changed files are loaded without a restart
 */
public record TlsConfig(Optional<Path> certificate, Optional<Path> privateKey, Duration reloadInterval) {

    public boolean enabled() {
        return certificate.isPresent() && privateKey.isPresent();
    }
}
