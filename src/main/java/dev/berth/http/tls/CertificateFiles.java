package dev.berth.http.tls;

import dev.berth.domain.RegistryException;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The PEM certificate and key files behind the TLS listener. Loads them into an {@link SslContextFactory.Server} at
 * start, then polls them: when their content changes (certbot renewal, a Kubernetes secret update) and the new pair
 * is valid, Jetty swaps its SSL context for new connections. Content hashes rather than modification times are
 * compared, so a renewal within the same second, or a symlink swap, is noticed; a half-written or mismatched pair is
 * logged once and the current certificate stays in use until a valid pair appears.
 */
public final class CertificateFiles implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateFiles.class);

    private final Path certificate;
    private final Path key;
    private final SslContextFactory.Server factory;
    private final ScheduledExecutorService poller;
    private byte[] loaded;
    private byte[] reported = new byte[0];

    /** Reads the files; a missing or invalid pair fails the start. */
    public CertificateFiles(Path certificate, Path key, Duration pollInterval) {
        this.certificate = certificate;
        this.key = key;
        Contents contents = read().orElseThrow(() -> RegistryException.internal(
                "cannot read the TLS certificate " + certificate + " or key " + key, null));
        TlsCredentials credentials;
        try {
            credentials = TlsCredentials.parse(contents.certificate(), contents.key());
        } catch (IllegalArgumentException e) {
            throw RegistryException.internal("invalid TLS certificate " + certificate + " / key " + key + ": "
                    + e.getMessage(), null);
        }
        factory = new SslContextFactory.Server();
        factory.setKeyStore(credentials.keyStore());
        factory.setKeyStorePassword(new String(TlsCredentials.IN_MEMORY_PASSWORD));
        factory.setKeyManagerPassword(new String(TlsCredentials.IN_MEMORY_PASSWORD));
        // Clients often connect by IP address; the certificate's names are the client's business to check.
        factory.setSniRequired(false);
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        loaded = contents.hash();
        LOG.info("TLS certificate {} (valid until {})", credentials.subject(), credentials.notAfter());
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("berth-tls-reload")
                .factory());
        long millis = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    public SslContextFactory.Server sslContextFactory() {
        return factory;
    }

    /** Checks the files once; true when a new certificate was loaded. */
    public synchronized boolean reloadIfChanged() {
        var contents = read();
        if (contents.isEmpty() || Arrays.equals(contents.get().hash(), loaded)) {
            return false;
        }
        TlsCredentials credentials;
        try {
            credentials = TlsCredentials.parse(contents.get().certificate(), contents.get().key());
        } catch (IllegalArgumentException e) {
            if (!Arrays.equals(contents.get().hash(), reported)) {
                reported = contents.get().hash();
                LOG.warn("TLS files {} / {} changed but were not loaded, the previous certificate stays: {}",
                        certificate, key, e.getMessage());
            }
            return false;
        }
        try {
            factory.reload(f -> f.setKeyStore(credentials.keyStore()));
        } catch (Exception e) {
            LOG.warn("TLS certificate reload failed, the previous certificate stays: {}", e.toString());
            return false;
        }
        loaded = contents.get().hash();
        LOG.info("TLS certificate reloaded: {} (valid until {})", credentials.subject(), credentials.notAfter());
        return true;
    }

    private Optional<Contents> read() {
        try {
            byte[] cert = Files.readAllBytes(certificate);
            byte[] pem = Files.readAllBytes(key);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cert);
            sha.update((byte) 0);
            sha.update(pem);
            return Optional.of(new Contents(new String(cert, StandardCharsets.UTF_8),
                    new String(pem, StandardCharsets.UTF_8), sha.digest()));
        } catch (IOException e) {
            LOG.debug("TLS files not readable right now: {}", e.toString());
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** The two files' text and a digest of both. Never printed: it holds the private key. */
    private record Contents(String certificate, String key, byte[] hash) {
        @Override
        public String toString() {
            return "Contents[****]";
        }
    }
}
