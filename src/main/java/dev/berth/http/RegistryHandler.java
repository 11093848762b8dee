package dev.berth.http;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.registry.Registry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HTTP front of the registry: matches the route, checks the method, hands the exchange to the endpoint class
 * and turns every failure into the spec's JSON error. Blocking by design: Jetty runs it on virtual threads.
 */
public final class RegistryHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHandler.class);
    /** How much of an unread request body a refusal reads to keep the connection; beyond it, the connection closes. */
    private static final long MAX_DRAINED_BYTES = 8L << 20;
    /** How long a refusal waits for more of an unread body before giving up on keeping the connection. */
    private static final Duration LINGER = Duration.ofMillis(250);
    /** The longest a refusal spends draining, however the body trickles in. */
    private static final Duration MAX_DRAIN_TIME = Duration.ofSeconds(2);

    private final ManifestEndpoints manifests;
    private final BlobEndpoints blobs;
    private final UploadEndpoints uploads;
    private final ListingEndpoints listings;
    private final HealthCheck health;
    private final AccessGate gate;
    private final Optional<TokenEndpoint> token;
    private final Optional<AdminEndpoint> admin;

    public RegistryHandler(Registry registry, Locations locations, HealthCheck health, HttpAuth auth,
                           ByteBufferPool pool) {
        super(InvocationType.BLOCKING);
        this.manifests = new ManifestEndpoints(registry.manifests(), locations);
        this.blobs = new BlobEndpoints(registry.blobs(), pool);
        this.uploads = new UploadEndpoints(registry.uploads(), locations);
        this.listings = new ListingEndpoints(registry.listings(), locations);
        this.health = health;
        this.gate = auth.gate();
        this.token = auth.tokenService().map(TokenEndpoint::new);
        this.admin = auth.adminApi().map(AdminEndpoint::new);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = Long.toHexString(ThreadLocalRandom.current().nextLong());
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        response.getHeaders().put("X-Request-Id", requestId);
        MDC.put("request_id", requestId);
        try {
            Optional<Route> route = Route.match(request.getHttpURI().getPath());
            if (route.isEmpty()) {
                throw RegistryException.withDetail(ErrorCode.NOT_FOUND, "no route matches the request",
                        request.getHttpURI().getPath());
            }
            if (!route.get().endpoint().methods().contains(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", route.get().endpoint().methods()));
                throw RegistryException.withDetail(ErrorCode.UNSUPPORTED, "method not allowed on this route",
                        request.getMethod());
            }
            Exchange exchange = new Exchange(request, response, route.get(), requestId);
            Credentials credentials = credentials(request);
            dispatch(exchange, admit(exchange, credentials), credentials);
            callback.succeeded();
        } catch (RegistryException e) {
            fail(request, response, callback, e, requestId);
        } catch (RuntimeException e) {
            if (response.isCommitted()) {
                LOG.debug("response failed after commit: {}", e.toString());
                callback.failed(e);
            } else {
                fail(request, response, callback, RegistryException.internal("unexpected failure", e), requestId);
            }
        } finally {
            MDC.remove("request_id");
        }
        return true;
    }

    private Grant admit(Exchange ex, Credentials credentials) {
        AccessRules.Needs needs = AccessRules.needs(ex.route().endpoint(), ex.method(), ex.route().name(),
                ex.route().endpoint() == Endpoint.UPLOADS ? ex.query("from") : Optional.empty());
        if (needs.isPublic()) {
            return Grant.EVERYTHING;
        }
        return gate.admit(credentials, needs);
    }

    private static Credentials credentials(Request request) {
        String remote = request.getConnectionMetaData().getRemoteSocketAddress() instanceof
                java.net.InetSocketAddress address ? address.getAddress().getHostAddress() : "";
        return new Credentials(Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION)), remote,
                request.isSecure(), baseUrl(request));
    }

    /** {@code scheme://host[:port]} of the request, from its Host header; default ports left out. */
    private static String baseUrl(Request request) {
        String scheme = request.isSecure() ? "https" : "http";
        String host = Request.getServerName(request);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = Request.getServerPort(request);
        boolean defaultPort = port <= 0 || (scheme.equals("https") ? port == 443 : port == 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    private void dispatch(Exchange ex, Grant grant, Credentials credentials) {
        switch (ex.route().endpoint()) {
            case BASE -> ex.sendJson(200, Map.of());
            case CATALOG -> listings.catalog(ex, grant::canPull);
            case TAGS -> listings.tags(ex);
            case MANIFEST -> manifests.handle(ex);
            case BLOB -> blobs.handle(ex);
            case UPLOADS -> uploads.start(ex, grant::canPull);
            case UPLOAD -> uploads.handle(ex);
            case REFERRERS -> listings.referrers(ex);
            case TOKEN -> token.orElseThrow(RegistryHandler::authenticationOff).handle(ex, credentials);
            case HEALTH -> ex.sendJson(200, Map.of("status", "ok"));
            case READY -> {
                health.check();
                ex.sendJson(200, Map.of("status", "ready"));
            }
            // Only the admin routes are left (Endpoint#isAdmin); their access was checked like any other's.
            default -> admin.orElseThrow(RegistryHandler::authenticationOff).handle(ex, grant,
                    credentials.remoteAddress());
        }
    }

    /**
     * A refused request may leave its body unread (a PATCH refused by the access gate, an upload that does not
     * exist, a manifest over the size limit). Closing the connection with bytes unread makes the kernel reset it,
     * and a client still sending may then lose the answer; a client may also send its next request on the dying
     * connection. So a body of at most {@link #MAX_DRAINED_BYTES} is read and discarded as long as it keeps coming
     * (each wait for more bounded by {@link #LINGER}, the whole drain by {@link #MAX_DRAIN_TIME}), and the connection
     * is kept. Otherwise (a larger body, one that stalls or trickles, or a client waiting for {@code 100 Continue},
     * which reading would invite to send a body only to have it dropped) the answer carries
     * {@code Connection: close}. HTTP/1 only: HTTP/2 resets the stream instead.
     */
    private static void closeUnlessBodyRead(Request request, Response response) {
        long declared = request.getLength();
        boolean hasBody = declared > 0
                || (declared < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
        if (!hasBody || request.getConnectionMetaData().getHttpVersion().getVersion() >= 20) {
            return;
        }
        boolean awaitsContinue = request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString());
        if (declared > MAX_DRAINED_BYTES || awaitsContinue || !drained(request)) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
    }

    /** Reads and drops the body; true when it ended within the limits. */
    private static boolean drained(Request request) {
        long deadline = System.nanoTime() + MAX_DRAIN_TIME.toNanos();
        long drained = 0;
        while (drained <= MAX_DRAINED_BYTES) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                long left = Math.min(LINGER.toNanos(), deadline - System.nanoTime());
                CountDownLatch more = new CountDownLatch(1);
                request.demand(more::countDown);
                if (left <= 0 || !awaitQuietly(more, left)) {
                    return false;
                }
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                return false;
            }
            drained += chunk.remaining();
            chunk.release();
            if (chunk.isLast()) {
                return true;
            }
        }
        return false;
    }

    private static boolean awaitQuietly(CountDownLatch latch, long nanos) {
        try {
            return latch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static RegistryException authenticationOff() {
        return RegistryException.of(ErrorCode.NOT_FOUND,
                "authentication is off (auth.mode none): there is no token service or admin API");
    }

    private static void fail(Request request, Response response, Callback callback, RegistryException e,
                             String requestId) {
        if (e.isServerError()) {
            LOG.error("request {} {} failed: {}", request.getMethod(), request.getHttpURI().getPath(), e.getMessage(),
                    e.getCause() != null ? e.getCause() : e);
        } else {
            LOG.debug("request {} {} -> {} {}", request.getMethod(), request.getHttpURI().getPath(), e.status(),
                    e.code());
        }
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        byte[] body = ErrorResponses.body(e, requestId);
        closeUnlessBodyRead(request, response);
        response.setStatus(e.status());
        e.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        ByteBuffer content = "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body);
        response.write(true, content, callback);
    }
}
