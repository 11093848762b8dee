package dev.berth.http;

import dev.berth.domain.RegistryException;
import dev.berth.registry.Registry;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The Jetty server: one HTTP/1.1 connector, platform threads for I/O, virtual threads for request handling (the
 * handlers block on storage and database calls), JSON for every error.
 */
public final class HttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    public HttpServer(HttpSettings settings, Registry registry, Locations locations, HealthCheck health,
                      AccessGate gate) {
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxPlatformThreads(), 4);
        threads.setName("berth-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("berth-request-", 0).factory()));
        ByteBufferPool pool = new ArrayByteBufferPool();
        server = new Server(threads, null, pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(settings.maxRequestHeaderBytes());
        http.setOutputBufferSize(64 * 1024);
        http.setRelativeRedirectAllowed(true);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new GracefulHandler(new RegistryHandler(registry, locations, health, gate, pool)));
        server.setStopTimeout(settings.shutdownGrace().toMillis());
        server.setStopAtShutdown(false);
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
