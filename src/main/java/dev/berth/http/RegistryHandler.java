package dev.berth.http;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.registry.Registry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HTTP front of the registry: matches the route, checks the method, hands the exchange to the endpoint class
 * and turns every failure into the spec's JSON error. Blocking by design: Jetty runs it on virtual threads.
 */
public final class RegistryHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHandler.class);

    private final ManifestEndpoints manifests;
    private final BlobEndpoints blobs;
    private final UploadEndpoints uploads;
    private final ListingEndpoints listings;
    private final HealthCheck health;
    private final AccessGate gate;

    public RegistryHandler(Registry registry, Locations locations, HealthCheck health, AccessGate gate,
                           ByteBufferPool pool) {
        super(InvocationType.BLOCKING);
        this.manifests = new ManifestEndpoints(registry.manifests(), locations);
        this.blobs = new BlobEndpoints(registry.blobs(), pool);
        this.uploads = new UploadEndpoints(registry.uploads(), locations);
        this.listings = new ListingEndpoints(registry.listings(), locations);
        this.health = health;
        this.gate = gate;
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
            dispatch(exchange, admit(exchange));
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

    private Grant admit(Exchange ex) {
        AccessRules.Needs needs = AccessRules.needs(ex.route().endpoint(), ex.method(), ex.route().name(),
                ex.route().endpoint() == Endpoint.UPLOADS ? ex.query("from") : Optional.empty());
        if (needs.isPublic()) {
            return Grant.EVERYTHING;
        }
        Request request = ex.request();
        String remote = request.getConnectionMetaData().getRemoteSocketAddress() instanceof
                java.net.InetSocketAddress address ? address.getAddress().getHostAddress() : "";
        return gate.admit(new Credentials(ex.header("Authorization"), remote, request.isSecure()), needs);
    }

    private void dispatch(Exchange ex, Grant grant) {
        switch (ex.route().endpoint()) {
            case BASE -> ex.sendJson(200, Map.of());
            case CATALOG -> listings.catalog(ex, grant::canPull);
            case TAGS -> listings.tags(ex);
            case MANIFEST -> manifests.handle(ex);
            case BLOB -> blobs.handle(ex);
            case UPLOADS -> uploads.start(ex, grant::canPull);
            case UPLOAD -> uploads.handle(ex);
            case REFERRERS -> listings.referrers(ex);
            case HEALTH -> ex.sendJson(200, Map.of("status", "ok"));
            case READY -> {
                health.check();
                ex.sendJson(200, Map.of("status", "ready"));
            }
        }
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
        response.setStatus(e.status());
        e.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        ByteBuffer content = "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body);
        response.write(true, content, callback);
    }
}
