package dev.berth.scaleout;

import dev.berth.domain.Digest;
import dev.berth.scaleout.RoundRobinClient.PushedImage;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Pushes images the way registry clients do when the registry has trouble: a step that fails with a server error
 * (or a broken connection) is tried again after a growing pause; a blob upload that failed anywhere is started over (after
 * a HEAD: a blob already there is not pushed again). Every failed answer is recorded, to check they were all
 * retryable (5xx with a JSON error body).
 */
final class RetryingPusher {
    /** Clients give up at some point; long enough here to outlast the faults a test injects. */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long MAX_PAUSE_MILLIS = 1_000;

    private final RoundRobinClient client;
    private final Queue<Failure> failures;

    RetryingPusher(RoundRobinClient client, Queue<Failure> failures) {
        this.client = client;
        this.failures = failures;
    }

    static Queue<Failure> failureLog() {
        return new ConcurrentLinkedQueue<>();
    }

    /** Pushes config + layers (chunked) + manifest; returns the image once the manifest PUT was acknowledged. */
    PushedImage push(String repo, String tag, byte[] config, int chunkSize, byte[]... layers) {
        Digest configDigest = retried(() -> pushBlob(repo, config, chunkSize));
        StringBuilder layerJson = new StringBuilder();
        for (byte[] layer : layers) {
            Digest digest = retried(() -> pushBlob(repo, layer, chunkSize));
            layerJson.append(layerJson.isEmpty() ? "" : ",").append(RoundRobinClient.descriptor(
                    "application/vnd.oci.image.layer.v1.tar", digest, layer.length));
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + RoundRobinClient.OCI_MANIFEST + "\",\"config\":"
                + RoundRobinClient.descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.length)
                + ",\"layers\":[" + layerJson + "]}").getBytes(StandardCharsets.UTF_8);
        retried(() -> {
            HttpResponse<byte[]> put = client.send("PUT", "/v2/" + repo + "/manifests/" + tag, manifest,
                    "Content-Type", RoundRobinClient.OCI_MANIFEST);
            return succeeded(put, 201) ? Boolean.TRUE : null;
        });
        return new PushedImage(repo, tag, Digest.sha256(manifest), manifest, config, List.of(layers));
    }

    /** One attempt at a whole blob: its digest when it is in the repository afterwards, null to try again. */
    private Digest pushBlob(String repo, byte[] content, int chunkSize) {
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> head = client.send("HEAD", "/v2/" + repo + "/blobs/" + digest, null);
        if (head.statusCode() == 200) {
            return digest;
        }
        if (head.statusCode() != 404 && !succeeded(head, 200)) {
            return null;
        }
        HttpResponse<byte[]> started = client.send("POST", "/v2/" + repo + "/blobs/uploads/", null);
        if (!succeeded(started, 202)) {
            return null;
        }
        String location = RoundRobinClient.location(started);
        int offset = 0;
        while (content.length - offset > chunkSize) {
            HttpResponse<byte[]> patched = client.send("PATCH", location,
                    java.util.Arrays.copyOfRange(content, offset, offset + chunkSize),
                    "Content-Type", "application/octet-stream",
                    "Content-Range", offset + "-" + (offset + chunkSize - 1));
            if (!succeeded(patched, 202)) {
                return null;
            }
            location = RoundRobinClient.location(patched);
            offset += chunkSize;
        }
        HttpResponse<byte[]> committed = client.send("PUT", location + "?digest=" + digest,
                java.util.Arrays.copyOfRange(content, offset, content.length),
                "Content-Type", "application/octet-stream",
                "Content-Range", offset + "-" + (content.length - 1));
        return succeeded(committed, 201) ? digest : null;
    }

    private boolean succeeded(HttpResponse<byte[]> response, int expected) {
        if (response.statusCode() == expected) {
            return true;
        }
        failures.add(new Failure(response.request().method() + " " + response.request().uri().getPath(),
                response.statusCode(), new String(response.body(), StandardCharsets.UTF_8)));
        return false;
    }

    /** Runs the step until it succeeds, pausing a little longer after each failure, as registry clients do. */
    private <T> T retried(Supplier<T> attempt) {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (System.nanoTime() < deadline) {
            try {
                T result = attempt.get();
                if (result != null) {
                    return result;
                }
            } catch (UncheckedIOException e) {
                failures.add(new Failure("connection", 0, e.getMessage()));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
        throw new AssertionError("still failing after " + GIVE_UP_AFTER + "; " + failures.size() + " failures");
    }

    /** A failed answer: which request, its status (0 for a broken connection) and body. */
    record Failure(String request, int status, String body) {
        /** A 5xx whose body is the spec's JSON error document (a HEAD answer has no body). */
        boolean isRetryableJsonError() {
            boolean jsonBody = body.contains("\"errors\"") && body.contains("\"code\"");
            return status >= 500 && (jsonBody || request.startsWith("HEAD "));
        }
    }
}
