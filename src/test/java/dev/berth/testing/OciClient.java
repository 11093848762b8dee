package dev.berth.testing;

import dev.berth.domain.Digest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/** A small OCI client over java.net.http for tests: raw requests plus the common push steps. */
public final class OciClient implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Function<String, URI> registry;

    public OciClient(TestRegistry registry) {
        this(registry::uri);
    }

    /** A client for the registry {@code registry} finds a path on, asked at each request (its port may change). */
    OciClient(Function<String, URI> registry) {
        this.registry = registry;
    }

    public HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String... headers) {
        return BlockingRequest.send(http, resolve(pathAndQuery), Duration.ofSeconds(30), method, body, headers);
    }

    public HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public HttpResponse<byte[]> head(String path, String... headers) {
        return send("HEAD", path, null, headers);
    }

    /** Monolithic POST ?digest= push; returns the digest. */
    public Digest pushBlob(String repo, byte[] content) {
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> r = send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        if (r.statusCode() != 201) {
            throw new AssertionError("blob push failed: " + r.statusCode() + " " + text(r));
        }
        return digest;
    }

    /** Pushes an OCI image manifest over the given config and layers; returns its digest. */
    public Digest pushImage(String repo, String tag, byte[] config, byte[]... layers) {
        Digest configDigest = pushBlob(repo, config);
        StringBuilder layerJson = new StringBuilder();
        for (byte[] layer : layers) {
            Digest d = pushBlob(repo, layer);
            if (!layerJson.isEmpty()) {
                layerJson.append(',');
            }
            layerJson.append(descriptor("application/vnd.oci.image.layer.v1.tar", d, layer.length));
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.length)
                + ",\"layers\":[" + layerJson + "]}";
        return pushManifest(repo, tag, "application/vnd.oci.image.manifest.v1+json",
                manifest.getBytes(StandardCharsets.UTF_8));
    }

    public Digest pushManifest(String repo, String reference, String mediaType, byte[] manifest) {
        HttpResponse<byte[]> r = send("PUT", "/v2/" + repo + "/manifests/" + reference, manifest,
                "Content-Type", mediaType);
        if (r.statusCode() != 201) {
            throw new AssertionError("manifest push failed: " + r.statusCode() + " " + text(r));
        }
        return Digest.parse(r.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    public static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    public static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    public URI resolve(String pathAndQuery) {
        return pathAndQuery.startsWith("http") ? URI.create(pathAndQuery) : registry.apply(pathAndQuery);
    }

    @Override
    public void close() {
        http.close();
    }
}
