package dev.berth.faults;

import dev.berth.domain.Digest;
import dev.berth.testing.OciClient;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Push loops for the crash test, one per kind of client. Each records in the {@link PushLedger} exactly what the
 * server acknowledged, and treats any answer other than the expected one as a server bug. Transport failures are
 * expected only once {@code stopped} is set (the test sets it just before it kills the server).
 */
final class CrashPushers {
    enum Kind { MONOLITHIC, CHUNKED, STREAMED, IMAGE }

    private static final String OCTETS = "application/octet-stream";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final int CHUNK = 64 * 1024;

    private final LoopbackHttp http;
    private final PushLedger ledger;
    private final int round;
    private final AtomicBoolean stopped;

    CrashPushers(LoopbackHttp http, PushLedger ledger, int round, AtomicBoolean stopped) {
        this.http = http;
        this.ledger = ledger;
        this.round = round;
        this.stopped = stopped;
    }

    /** Pushes of one kind into repository {@code crash/<kind>-<index>} until stopped. */
    Runnable loop(Kind kind, int index) {
        String repository = "crash/" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + index;
        return () -> {
            int sequence = 0;
            while (!stopped.get()) {
                try {
                    switch (kind) {
                        case MONOLITHIC -> monolithic(repository, random(1024, 256 * 1024));
                        case CHUNKED -> chunked(repository, random(64 * 1024, 768 * 1024));
                        case STREAMED -> streamed(repository, random(128 * 1024, 1024 * 1024));
                        case IMAGE -> image(repository, "r" + round + "-" + index + "-" + sequence);
                    }
                } catch (IOException e) {
                    if (!stopped.get()) {
                        ledger.unexpected(kind + " push failed while the server was up: " + e);
                    }
                } catch (UnexpectedAnswer e) {
                    ledger.unexpected(kind + ": " + e.getMessage());
                }
                sequence++;
            }
        };
    }

    /** POST {@code ?digest=} with the whole blob. */
    private PushLedger.AckedBlob monolithic(String repository, byte[] content) throws IOException {
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> r = http.send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, content,
                "Content-Type", OCTETS);
        expect(r, 201, "monolithic POST");
        return acknowledge(repository, digest, content.length, r);
    }

    /** POST, PATCHes of 64 KiB with Content-Range, PUT {@code ?digest=} without body. */
    private PushLedger.AckedBlob chunked(String repository, byte[] content) throws IOException {
        String location = open(repository, content);
        for (int offset = 0; offset < content.length; offset += CHUNK) {
            int end = Math.min(content.length, offset + CHUNK);
            HttpResponse<byte[]> r = http.send("PATCH", location, Arrays.copyOfRange(content, offset, end),
                    "Content-Type", OCTETS, "Content-Range", offset + "-" + (end - 1));
            expect(r, 202, "chunk PATCH");
            expectRange(r, end);
            ledger.uploadAdvanced(location, end);
        }
        return close(repository, location, content, HttpRequest.BodyPublishers.noBody());
    }

    /** POST, one PATCH streamed slowly in chunked transfer encoding (what docker and podman send), PUT. */
    private PushLedger.AckedBlob streamed(String repository, byte[] content) throws IOException {
        String location = open(repository, content);
        HttpResponse<byte[]> r = http.send("PATCH", location,
                HttpRequest.BodyPublishers.ofInputStream(() -> new DribbleStream(content, 16 * 1024, 2)),
                "Content-Type", OCTETS);
        expect(r, 202, "streamed PATCH");
        expectRange(r, content.length);
        ledger.uploadAdvanced(location, content.length);
        return close(repository, location, content, HttpRequest.BodyPublishers.noBody());
    }

    /** Config and two layers (one monolithic, one POST + PUT carrying the bytes), then the manifest to a new tag. */
    private void image(String repository, String tag) throws IOException {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + tag + "\",\"rootfs\":"
                + "{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
        PushLedger.AckedBlob configBlob = monolithic(repository, config);
        PushLedger.AckedBlob first = monolithic(repository, random(1024, 128 * 1024));
        byte[] secondContent = random(1024, 256 * 1024);
        String location = open(repository, secondContent);
        PushLedger.AckedBlob second = close(repository, location, secondContent,
                HttpRequest.BodyPublishers.ofByteArray(secondContent));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                + OciClient.descriptor("application/vnd.oci.image.config.v1+json", configBlob.digest(), config.length)
                + ",\"layers\":["
                + OciClient.descriptor("application/vnd.oci.image.layer.v1.tar", first.digest(), first.size()) + ","
                + OciClient.descriptor("application/vnd.oci.image.layer.v1.tar", second.digest(), second.size())
                + "]}";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = http.send("PUT", "/v2/" + repository + "/manifests/" + tag, bytes,
                "Content-Type", OCI_MANIFEST);
        expect(r, 201, "manifest PUT");
        Digest digest = Digest.sha256(bytes);
        expectDigest(r, digest);
        ledger.manifestAcked(new PushLedger.AckedManifest(repository, tag, digest,
                List.of(configBlob, first, second), round));
    }

    private String open(String repository, byte[] content) throws IOException {
        HttpResponse<byte[]> r = http.send("POST", "/v2/" + repository + "/blobs/uploads/",
                HttpRequest.BodyPublishers.noBody());
        expect(r, 202, "upload POST");
        String location = LoopbackHttp.header(r, "Location");
        if (!location.startsWith("/v2/" + repository + "/blobs/uploads/")) {
            throw new UnexpectedAnswer("upload POST gave Location " + location);
        }
        ledger.uploadOpened(new PushLedger.OpenUpload(repository, location, content, 0, false));
        return location;
    }

    private PushLedger.AckedBlob close(String repository, String location, byte[] content,
                                       HttpRequest.BodyPublisher lastChunk) throws IOException {
        Digest digest = Digest.sha256(content);
        ledger.uploadCommitting(location);
        HttpResponse<byte[]> r = http.send("PUT", location + "?digest=" + digest, lastChunk, "Content-Type", OCTETS);
        expect(r, 201, "upload PUT");
        PushLedger.AckedBlob blob = acknowledge(repository, digest, content.length, r);
        ledger.uploadClosed(location);
        return blob;
    }

    private PushLedger.AckedBlob acknowledge(String repository, Digest digest, long size, HttpResponse<byte[]> r) {
        expectDigest(r, digest);
        return ledger.blobAcked(repository, digest, size, round);
    }

    private static void expect(HttpResponse<byte[]> r, int status, String step) {
        if (r.statusCode() != status) {
            throw new UnexpectedAnswer(step + " answered " + r.statusCode() + " " + LoopbackHttp.text(r));
        }
    }

    private static void expectDigest(HttpResponse<byte[]> r, Digest digest) {
        String header = LoopbackHttp.header(r, "Docker-Content-Digest");
        if (!header.equals(digest.toString())) {
            throw new UnexpectedAnswer("acknowledged " + header + " for content " + digest);
        }
    }

    private static void expectRange(HttpResponse<byte[]> r, long size) {
        String range = LoopbackHttp.header(r, "Range");
        if (!range.equals("0-" + (size - 1))) {
            throw new UnexpectedAnswer("upload of " + size + " bytes reported Range " + range);
        }
    }

    private static byte[] random(int min, int max) {
        byte[] bytes = new byte[ThreadLocalRandom.current().nextInt(min, max + 1)];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** An answer a correct server never gives; ends the current push and is reported by the test. */
    private static final class UnexpectedAnswer extends RuntimeException {
        UnexpectedAnswer(String message) {
            super(message);
        }
    }
}
