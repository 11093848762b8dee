import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI distribution calls the benchmark makes, identical for every registry: blob uploads (monolithic,
 * Content-Range chunks, one streamed PATCH), manifest PUT/GET, blob GET and paginated listings.
 */
final class Oci {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
    private static final Map<String, String> NONE = Map.of();
    private static final Map<String, String> OCTETS = Map.of("Content-Type", "application/octet-stream");

    private Oci() {
    }

    static String sha256(byte[] data) {
        try {
            return "sha256:" + Hex.of(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpConn.Response expect(HttpConn.Response r, String what, int... statuses) throws IOException {
        for (int s : statuses) {
            if (r.status() == s) {
                return r;
            }
        }
        String body = r.text();
        throw new IOException(what + " answered " + r.status() + (body.isEmpty() ? "" : ": "
                + body.substring(0, Math.min(300, body.length())).strip()));
    }

    /** The path and query of a Location header, which may be absolute. */
    static String target(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            int slash = location.indexOf('/', location.indexOf("//") + 2);
            return slash < 0 ? "/" : location.substring(slash);
        }
        return location;
    }

    private static String location(HttpConn.Response r, String what) throws IOException {
        return target(r.header("location").orElseThrow(() -> new IOException(what + " sent no Location")));
    }

    private static String withDigest(String target, String digest) {
        return target + (target.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    static String startUpload(HttpConn c, String repo) throws IOException {
        String what = "POST /v2/" + repo + "/blobs/uploads/";
        var r = expect(c.request("POST", "/v2/" + repo + "/blobs/uploads/", NONE, HttpConn.EMPTY,
                HttpConn.BodyMode.COLLECT), what, 202);
        return location(r, what);
    }

    private static void commit(HttpConn c, String upload, String digest, HttpConn.Body body) throws IOException {
        var r = expect(c.request("PUT", withDigest(upload, digest), OCTETS, body, HttpConn.BodyMode.COLLECT),
                "PUT upload ?digest", 201);
        String got = r.header("docker-content-digest").orElse(digest);
        if (!got.equals(digest)) {
            throw new IOException("registry stored " + got + " for " + digest);
        }
    }

    /** POST then PUT with the whole body. */
    static void pushMonolithic(HttpConn c, String repo, HttpConn.Body body, String digest) throws IOException {
        commit(c, startUpload(c, repo), digest, body);
    }

    static void pushBytes(HttpConn c, String repo, byte[] data) throws IOException {
        pushMonolithic(c, repo, HttpConn.bytes(data), sha256(data));
    }

    /** POST, PATCHes of {@code chunk} bytes with Content-Range, then an empty PUT. */
    static void pushChunked(HttpConn c, String repo, BlobSource blob, long chunk) throws IOException {
        String upload = startUpload(c, repo);
        for (long start = 0; start < blob.size(); start += chunk) {
            long end = Math.min(blob.size(), start + chunk);
            Map<String, String> h = new LinkedHashMap<>(OCTETS);
            h.put("Content-Range", start + "-" + (end - 1));
            var r = expect(c.request("PATCH", upload, h, blob.body(start, end), HttpConn.BodyMode.COLLECT),
                    "PATCH Content-Range " + start + "-" + (end - 1), 202);
            upload = location(r, "PATCH");
        }
        commit(c, upload, blob.digest(), HttpConn.EMPTY);
    }

    /** POST, one PATCH streaming the whole blob with chunked transfer encoding (what docker sends), empty PUT. */
    static void pushStreamed(HttpConn c, String repo, BlobSource blob, int chunk) throws IOException {
        String upload = startUpload(c, repo);
        var r = expect(c.request("PATCH", upload, OCTETS, blob.streamed(chunk), HttpConn.BodyMode.COLLECT),
                "streamed PATCH", 202);
        commit(c, location(r, "PATCH"), blob.digest(), HttpConn.EMPTY);
    }

    record Descriptor(String mediaType, String digest, long size) {
        String json() {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
        }
    }

    /** A minimal valid image config for the given layers (uncompressed tar layers: diff id = digest). */
    static byte[] config(String label, List<Descriptor> layers) {
        StringBuilder ids = new StringBuilder();
        for (Descriptor l : layers) {
            ids.append(ids.isEmpty() ? "" : ",").append('"').append(l.digest()).append('"');
        }
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"bench\":\"" + label
                + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] manifest(Descriptor config, List<Descriptor> layers, Optional<String> annotation) {
        StringBuilder ls = new StringBuilder();
        for (Descriptor l : layers) {
            ls.append(ls.isEmpty() ? "" : ",").append(l.json());
        }
        String annotations = annotation.map(a -> ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
                + a + "\"}").orElse("");
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":" + config.json()
                + ",\"layers\":[" + ls + "]" + annotations + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** PUT a manifest by tag or digest; returns its digest. */
    static String putManifest(HttpConn c, String repo, String reference, byte[] manifest) throws IOException {
        String digest = sha256(manifest);
        var r = expect(c.request("PUT", "/v2/" + repo + "/manifests/" + reference,
                Map.of("Content-Type", MANIFEST_TYPE), HttpConn.bytes(manifest), HttpConn.BodyMode.COLLECT),
                "PUT manifest " + repo + ":" + reference, 201);
        String got = r.header("docker-content-digest").orElse(digest);
        if (!got.equals(digest)) {
            throw new IOException("registry computed " + got + " for manifest " + digest);
        }
        return digest;
    }

    /** Pushes a config for the given layers (already pushed) and a manifest tagged {@code tag}. */
    static String pushImage(HttpConn c, String repo, String tag, List<Descriptor> layers) throws IOException {
        byte[] config = config(repo + ":" + tag, layers);
        pushBytes(c, repo, config);
        Descriptor cfg = new Descriptor(CONFIG_TYPE, sha256(config), config.length);
        return putManifest(c, repo, tag, manifest(cfg, layers, Optional.empty()));
    }

    /** GETs a whole blob, discarding it; returns the byte count after checking it (and the digest, if asked). */
    static long pullBlob(HttpConn c, String path, long expectedSize, Optional<String> verifyDigest)
            throws IOException {
        MessageDigest sha = null;
        if (verifyDigest.isPresent()) {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        byte[] head = ("GET " + path + " HTTP/1.1\r\nHost: " + c.hostHeader() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        var r = expect(c.exchange(head, HttpConn.EMPTY, false, HttpConn.BodyMode.DISCARD, sha), "GET " + path,
                200);
        if (r.bodyLength() != expectedSize) {
            throw new IOException("GET " + path + " returned " + r.bodyLength() + " bytes, expected "
                    + expectedSize);
        }
        if (sha != null) {
            String got = "sha256:" + Hex.of(sha.digest());
            if (!got.equals(verifyDigest.get())) {
                throw new IOException("GET " + path + " returned content with digest " + got);
            }
        }
        return r.bodyLength();
    }

    /**
     * Walks a listing ({@code _catalog} or tags/list) following {@code Link: <...>; rel="next"}; returns the
     * number of entries in the array named {@code key} over all pages and the number of requests.
     */
    static long[] walk(HttpConn c, String first, String key) throws IOException {
        String next = first;
        long entries = 0;
        long requests = 0;
        while (next != null) {
            var r = expect(c.request("GET", next, NONE, HttpConn.EMPTY, HttpConn.BodyMode.COLLECT), "GET " + next,
                    200);
            requests++;
            entries += Json.countStrings(r.text(), key);
            next = r.header("link").flatMap(Oci::nextLink).orElse(null);
            if (requests > 1_000_000) {
                throw new IOException("pagination does not end");
            }
        }
        return new long[] {entries, requests};
    }

    static Optional<String> nextLink(String link) {
        if (!link.contains("rel=\"next\"") && !link.contains("rel=next")) {
            return Optional.empty();
        }
        int lt = link.indexOf('<');
        int gt = link.indexOf('>', lt + 1);
        return lt < 0 || gt < 0 ? Optional.empty() : Optional.of(target(link.substring(lt + 1, gt)));
    }
}
