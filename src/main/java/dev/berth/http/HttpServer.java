package dev.berth.http;

import dev.berth.domain.RegistryException;
import dev.berth.registry.Registry;
import dev.berth.http.tls.CertificateFiles;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The Jetty server: one connector (HTTP/1.1, or TLS with HTTP/2 and HTTP/1.1), platform threads for I/O, virtual threads for request handling (the
 * handlers block on storage and database calls), JSON for every error.
 */
public final class HttpServer implements AutoCloseable {
    /**
     * Direct buffers the pool holds at most, lent and idle (Jetty counts both and evicts idle ones beyond it; lent
     * large input buffers are at most 16 MiB of it). With the upload staging buffers (32 MiB plus alignment) it
     * leaves room for buffers of requests in flight within the launcher's 96 MiB of direct memory.
     */
    static final long POOLED_DIRECT = 32L * 1024 * 1024;
    private final Server server;
    private final ServerConnector connector;
    private final Optional<CertificateFiles> certificates;
    private final RequestInputBuffers inputBuffers;

    public HttpServer(HttpSettings settings, Registry registry, Locations locations, HealthCheck health,
                      AccessGate gate) {
        this(settings, Optional.empty(), registry, locations, health,
                new HttpAuth(gate, Optional.empty(), Optional.empty()));
    }

    /**
     * A server with TLS when {@code tls} is given (HTTPS only on the listener: HTTP/2 and HTTP/1.1 by ALPN, the
     * certificate reloaded when its files change) and the given access control.
     */
    public HttpServer(HttpSettings settings, Optional<TlsSettings> tls, Registry registry, Locations locations,
                      HealthCheck health, HttpAuth auth) {
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxPlatformThreads(), 4);
        threads.setName("berth-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("berth-request-", 0).factory()));
        // Buffers up to the large request input buffer are pooled (Jetty's default pool keeps only up to 64 KiB).
        inputBuffers = new RequestInputBuffers(new ArrayByteBufferPool.Quadratic(0, RequestInputBuffers.LARGE,
                Integer.MAX_VALUE, 0, POOLED_DIRECT));
        ByteBufferPool pool = inputBuffers;
        server = new Server(threads, null, pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(settings.maxRequestHeaderBytes());
        http.setOutputBufferSize(64 * 1024);
        // Request bodies (blob pushes) arrive in chunks of at most this size: Jetty's 8 KiB default costs a read, a
        // chunk and often a wake-up of the handler's thread per 8 KiB. Large buffers are lent to a bounded number of
        // connections at a time (RequestInputBuffers); the others read 64 KiB at a time.
        http.setInputBufferSize(RequestInputBuffers.LARGE);
        http.setRelativeRedirectAllowed(true);
        certificates = tls.map(t -> new CertificateFiles(t.certificate(), t.key(), t.reloadInterval()));
        try {
            connector = certificates.map(files -> tlsConnector(server, http, files))
                    .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(http)));
        } catch (RuntimeException e) {
            certificates.ifPresent(CertificateFiles::close);
            throw e;
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new GracefulHandler(new RegistryHandler(registry, locations, health, auth, pool)));
        server.setStopTimeout(settings.shutdownGrace().toMillis());
        server.setStopAtShutdown(false);
    }

    private static ServerConnector tlsConnector(Server server, HttpConfiguration plain, CertificateFiles files) {
        HttpConfiguration https = new HttpConfiguration(plain);
        // Clients reach registries by IP address as often as by name: no SNI requirement, no Host-vs-SNI check.
        https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        // A copy: the HTTP/2 factory sets its own input buffer size (16 KiB) into the configuration it is given,
        // which would shrink HTTP/1.1's too.
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(new HttpConfiguration(https));
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        files.sslContextFactory().setCipherComparator(HTTP2Cipher.COMPARATOR);
        SslConnectionFactory ssl = new SslConnectionFactory(files.sslContextFactory(), alpn.getProtocol());
        return new ServerConnector(server, ssl, alpn, http2, http1);
    }

    /** The input buffer size HTTP/1.1 connections ask for (for tests). */
    int http1InputBufferSize() {
        return connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().getInputBufferSize();
    }

    /** Large request input buffers that could be lent right now (for tests). */
    int largeInputBuffersAvailable() {
        return inputBuffers.largeAvailable();
    }

    /** True when the listener speaks TLS. */
    public boolean isTls() {
        return certificates.isPresent();
    }

    /** Checks the certificate files now instead of at the next poll; true when a new certificate was loaded. */
    public boolean reloadCertificate() {
        return certificates.map(CertificateFiles::reloadIfChanged).orElse(false);
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw RegistryException.internal("cannot start HTTP server on " + connector.getHost() + ":"
                    + connector.getPort() + ": " + e.getMessage(), e);
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops accepting, lets in-flight requests finish within the grace period, then closes. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw RegistryException.internal("error while stopping the HTTP server", e);
        } finally {
            certificates.ifPresent(CertificateFiles::close);
        }
    }

    /** Listener and limits of the HTTP server. */
    public record HttpSettings(String host, int port, int maxRequestHeaderBytes, Duration idleTimeout,
                               Duration shutdownGrace, int maxPlatformThreads) {
        public static HttpSettings local(int port) {
            return new HttpSettings("127.0.0.1", port, 16 * 1024, Duration.ofMinutes(5), Duration.ofSeconds(10), 64);
        }
    }
}
