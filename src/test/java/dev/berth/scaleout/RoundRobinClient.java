package dev.berth.scaleout;

import dev.berth.domain.Digest;
import dev.berth.testing.BlockingRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OCI client that sends every request to the next node in turn, as a load balancer without sticky sessions
 * would: an upload's POST, each PATCH and the final PUT all land on different nodes. Locations are followed by
 * path, on whichever node comes next.
 */
final class RoundRobinClient {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
    private static final String CONFIG = "application/vnd.oci.image.config.v1+json";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<URI> nodes;
    private final AtomicInteger next;

    RoundRobinClient(List<URI> nodes, int firstNode) {
        this.nodes = List.copyOf(nodes);
        this.next = new AtomicInteger(firstNode);
    }

    /** The node the next request goes to, then moves on. */
    int nextNode() {
        return Math.floorMod(next.getAndIncrement(), nodes.size());
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String... headers) {
        return sendTo(nextNode(), method, pathAndQuery, body, headers);
    }

    HttpResponse<byte[]> sendTo(int node, String method, String pathAndQuery, byte[] body, String... headers) {
        return BlockingRequest.send(http, nodes.get(node).resolve(pathAndQuery), Duration.ofSeconds(60), method, body,
                headers);
    }

    /** POST to open an upload; returns its Location path. */
    String startUpload(String repo) {
        HttpResponse<byte[]> started = send("POST", "/v2/" + repo + "/blobs/uploads/", null);
        expect(started, 202);
        return location(started);
    }

    /**
     * Pushes a blob in chunks of {@code chunkSize}: POST, one PATCH per chunk but the last, PUT with the last
     * chunk, each on the next node. Returns the digest.
     */
    Digest pushChunked(String repo, byte[] content, int chunkSize) {
        Digest digest = Digest.sha256(content);
        String location = startUpload(repo);
        int offset = 0;
        while (content.length - offset > chunkSize) {
            byte[] chunk = Arrays.copyOfRange(content, offset, offset + chunkSize);
            HttpResponse<byte[]> patched = send("PATCH", location, chunk, "Content-Type", "application/octet-stream",
                    "Content-Range", offset + "-" + (offset + chunkSize - 1));
            expect(patched, 202);
            location = location(patched);
            offset += chunkSize;
        }
        byte[] last = Arrays.copyOfRange(content, offset, content.length);
        String put = location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
        HttpResponse<byte[]> committed = last.length == 0
                ? send("PUT", put, null)
                : send("PUT", put, last, "Content-Type", "application/octet-stream",
                "Content-Range", offset + "-" + (content.length - 1));
        expect(committed, 201);
        return digest;
    }

    /** Pushes an image (config + layers, each chunked) and its manifest under {@code tag}; the manifest. */
    PushedImage pushImage(String repo, String tag, byte[] config, int chunkSize, byte[]... layers) {
        return pushImage(repo, tag, config, Arrays.stream(layers).map(l -> new Layer(l, chunkSize)).toList());
    }

    /** Pushes an image whose layers each go in chunks of their own size; the config goes in one PUT. */
    PushedImage pushImage(String repo, String tag, byte[] config, List<Layer> layers) {
        Digest configDigest = pushChunked(repo, config, Math.max(1, config.length));
        StringBuilder layerJson = new StringBuilder();
        for (Layer layer : layers) {
            Digest layerDigest = pushChunked(repo, layer.content(), layer.chunkSize());
            layerJson.append(layerJson.isEmpty() ? "" : ",")
                    .append(descriptor(LAYER, layerDigest, layer.content().length));
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                + descriptor(CONFIG, configDigest, config.length) + ",\"layers\":[" + layerJson + "]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> put = send("PUT", "/v2/" + repo + "/manifests/" + tag, manifest,
                "Content-Type", OCI_MANIFEST);
        expect(put, 201);
        return new PushedImage(repo, tag, Digest.sha256(manifest), manifest, config,
                layers.stream().map(Layer::content).toList());
    }

    /** A layer and the chunk size it is pushed in. */
    record Layer(byte[] content, int chunkSize) {
    }

    static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    static String location(HttpResponse<byte[]> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in " + response.statusCode()));
        URI uri = URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static void expect(HttpResponse<byte[]> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.request().uri() + ": expected "
                    + status + ", got " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    /** An image as pushed: enough to check it byte for byte on any node. */
    record PushedImage(String repo, String tag, Digest digest, byte[] manifest, byte[] config, List<byte[]> layers) {
    }
}
