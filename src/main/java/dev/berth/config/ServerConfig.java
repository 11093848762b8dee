package dev.berth.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP server.
 *
 * @param listen                address and port to bind
 * @param externalUrl           the URL clients reach Berth at when it runs behind a proxy; used for absolute
 *                              {@code Location} headers. Empty: derive from the request.
 * @param shutdownGrace         how long in-flight requests may take to finish on shutdown
 * @param maxRequestHeaderBytes cap on the size of a request's header block
 */
public record ServerConfig(ListenAddress listen, Optional<URI> externalUrl, Duration shutdownGrace,
                           int maxRequestHeaderBytes) {
}
