package dev.berth.faults;

import dev.berth.domain.Digest;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.SqliteMetadataStore;
import dev.berth.registry.BlobUploads;
import dev.berth.storage.fs.FileBlobStore;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TestServerMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} during pushes (issue 2, "Bad input and faults"): the server runs as a child process
 * ({@link TestServerMain}, SQLite at FULL durability), concurrent clients push with every upload style, and the
 * server is SIGKILLed at a random moment, round after round, on the same data directory. After each restart every
 * push it acknowledged must be complete and pullable, open uploads must be resumable or unknown, and no file under
 * {@code blobs/} may hold bytes other than its name says.
 */
@Tag("slow")
class CrashRecoveryTest {
    /**
     * Kill rounds. A longer local soak: {@code -Dberth.crash.rounds=40 -Djunit.jupiter.execution.timeout.mode=disabled}.
     */
    private static final int ROUNDS = Integer.getInteger("berth.crash.rounds", 6);
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration WARM_UP = Duration.ofSeconds(15);
    private static final String OCTETS = "application/octet-stream";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void killDuringPushes_restartedServer_keepsEveryAcknowledgedPushAndServesNoPartialBlob() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        PushLedger ledger = new PushLedger();
        Outcomes outcomes = new Outcomes();
        for (int round = 1; round <= ROUNDS; round++) {
            try (ServerProcess server = ServerProcess.start(data, log, STARTUP);
                 LoopbackHttp http = new LoopbackHttp(server.port())) {
                assertThat(verify(http, ledger, round - 1)).as("after restart %d (seed %d)", round, seed).isEmpty();
                assertThat(resumeOpenUploads(http, ledger, round, outcomes)).as("open uploads, seed %d", seed)
                        .isEmpty();
                pushUntilKilled(server, http, ledger, round, random.nextInt(800));
            }
            assertThat(BlobFiles.misnamed(TestServerMain.blobsDir(data))).as("blob files after kill %d", round)
                    .isEmpty();
        }
        try (ServerProcess server = ServerProcess.start(data, log, STARTUP);
             LoopbackHttp http = new LoopbackHttp(server.port())) {
            assertThat(verify(http, ledger, 0)).as("final check (seed %d)", seed).isEmpty();
            assertThat(resumeOpenUploads(http, ledger, ROUNDS + 1, outcomes)).isEmpty();
            assertThat(http.get("/v2/").statusCode()).isEqualTo(200);
        }
        assertThat(purgeLeftovers(data)).as("upload bytes or sessions left after the purge").isEmpty();
        assertThat(BlobFiles.misnamed(TestServerMain.blobsDir(data))).isEmpty();
        assertThat(ledger.unexpectedAnswers()).as("answers while the server was up").isEmpty();
        assertThat(ledger.blobs()).as("acknowledged blobs").hasSizeGreaterThan(ROUNDS);
        assertThat(ledger.manifests()).as("acknowledged manifests").isNotEmpty();
        System.out.printf("crash test: seed %d, %d blobs and %d manifests acknowledged, %d interrupted uploads "
                        + "resumed, %d unknown after restart, %d blob files on disk%n", seed, ledger.blobs().size(),
                ledger.manifests().size(), outcomes.resumed, outcomes.unknown,
                BlobFiles.count(TestServerMain.blobsDir(data)));
    }

    /**
     * Starts every pusher, waits until the server has acknowledged a few pushes (a cold JVM is slow at first), then
     * {@code millis} more, and SIGKILLs the server while the pushers are mid-request.
     */
    private static void pushUntilKilled(ServerProcess server, LoopbackHttp http, PushLedger ledger, int round,
                                        long millis) throws InterruptedException {
        int acknowledgedBefore = ledger.blobs().size();
        AtomicBoolean stopped = new AtomicBoolean();
        CrashPushers pushers = new CrashPushers(http, ledger, round, stopped);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (CrashPushers.Kind kind : CrashPushers.Kind.values()) {
                // Images take five requests each: more of those pushers, so kills land between their steps too.
                for (int i = 0; i < (kind == CrashPushers.Kind.IMAGE ? 3 : 2); i++) {
                    threads.submit(pushers.loop(kind, i));
                }
            }
            long warm = System.nanoTime() + WARM_UP.toNanos();
            while (ledger.blobs().size() < acknowledgedBefore + 4 && System.nanoTime() < warm) {
                Thread.sleep(10);
            }
            Thread.sleep(millis);
            stopped.set(true);
            server.kill();
        }
    }

    /**
     * Every acknowledged blob and manifest, as a list of problems. Blobs acknowledged in {@code fullReadRound} or
     * later are downloaded and hashed; older ones (already downloaded after an earlier restart) are checked by HEAD.
     */
    private static List<String> verify(LoopbackHttp http, PushLedger ledger, int fullReadRound) throws IOException {
        List<String> problems = new ArrayList<>();
        for (PushLedger.AckedBlob blob : ledger.blobs()) {
            String path = "/v2/" + blob.repository() + "/blobs/" + blob.digest();
            boolean full = blob.round() >= fullReadRound;
            HttpResponse<byte[]> r = full ? http.get(path) : http.head(path);
            if (r.statusCode() != 200) {
                problems.add(path + " (acknowledged in round " + blob.round() + ") answers " + r.statusCode());
                continue;
            }
            if (!LoopbackHttp.header(r, "Docker-Content-Digest").equals(blob.digest().toString())
                    || !LoopbackHttp.header(r, "Content-Length").equals(Long.toString(blob.size()))) {
                problems.add(path + " has headers " + r.headers().map());
            }
            if (full && (r.body().length != blob.size() || !Digest.sha256(r.body()).equals(blob.digest()))) {
                problems.add(path + " served " + r.body().length + " bytes hashing to " + Digest.sha256(r.body()));
            }
        }
        for (PushLedger.AckedManifest manifest : ledger.manifests()) {
            String path = "/v2/" + manifest.repository() + "/manifests/" + manifest.tag();
            HttpResponse<byte[]> r = http.get(path);
            if (r.statusCode() != 200 || !Digest.sha256(r.body()).equals(manifest.digest())
                    || !LoopbackHttp.header(r, "Docker-Content-Digest").equals(manifest.digest().toString())) {
                problems.add(path + " (acknowledged as " + manifest.digest() + ") answers " + r.statusCode()
                        + " with digest " + LoopbackHttp.header(r, "Docker-Content-Digest"));
            }
            for (PushLedger.AckedBlob blob : manifest.blobs()) {
                HttpResponse<byte[]> b = http.head("/v2/" + manifest.repository() + "/blobs/" + blob.digest());
                if (b.statusCode() != 200) {
                    problems.add(path + " references " + blob.digest() + " which answers " + b.statusCode());
                }
            }
        }
        return problems;
    }

    /**
     * Uploads that were open when the server died: each must either report its stored size (at least what was
     * acknowledged) and then complete from there, or be unknown because its closing PUT got through.
     */
    private static List<String> resumeOpenUploads(LoopbackHttp http, PushLedger ledger, int round, Outcomes outcomes)
            throws IOException {
        List<String> problems = new ArrayList<>();
        for (PushLedger.OpenUpload upload : ledger.openUploads()) {
            ledger.uploadClosed(upload.location());
            HttpResponse<byte[]> status = http.get(upload.location());
            if (status.statusCode() == 404 && LoopbackHttp.text(status).contains("BLOB_UPLOAD_UNKNOWN")) {
                // Only a commit the client did not hear about may end an upload; anything else lost its bytes.
                if (!upload.committing()) {
                    problems.add(upload.location() + " is unknown, yet it was never committed ("
                            + upload.acknowledged() + " bytes acknowledged)");
                }
                outcomes.unknown++;
                continue;
            }
            String range = LoopbackHttp.header(status, "Range");
            if (status.statusCode() != 204 || !range.matches("0-\\d+")) {
                problems.add(upload.location() + " status answers " + status.statusCode() + " Range " + range);
                continue;
            }
            long last = Long.parseLong(range.substring(2));
            // "0-0" stands for both an empty upload and one byte: try both, the server refuses the wrong one.
            long[] candidates = last == 0 ? new long[] {0, 1} : new long[] {last + 1};
            if (candidates[candidates.length - 1] < upload.acknowledged()
                    || candidates[0] > upload.content().length) {
                problems.add(upload.location() + " holds " + range + " after " + upload.acknowledged()
                        + " bytes were acknowledged, of " + upload.content().length);
                continue;
            }
            Digest digest = Digest.sha256(upload.content());
            Optional<String> failure = Optional.of("no candidate offset accepted");
            for (long stored : candidates) {
                failure = complete(http, upload, stored, digest);
                if (failure.isEmpty()) {
                    break;
                }
            }
            if (failure.isPresent()) {
                problems.add(upload.location() + " could not be resumed from " + range + ": " + failure.get());
            } else {
                outcomes.resumed++;
                ledger.blobAcked(upload.repository(), digest, upload.content().length, round);
            }
        }
        return problems;
    }

    /** PATCHes the rest of the content from {@code stored} and commits; the failure, if any. */
    private static Optional<String> complete(LoopbackHttp http, PushLedger.OpenUpload upload, long stored,
                                             Digest digest) throws IOException {
        byte[] content = upload.content();
        if (stored < content.length) {
            HttpResponse<byte[]> patch = http.send("PATCH", upload.location(),
                    Arrays.copyOfRange(content, (int) stored, content.length),
                    "Content-Type", OCTETS, "Content-Range", stored + "-" + (content.length - 1));
            if (patch.statusCode() != 202) {
                return Optional.of("PATCH from " + stored + " answered " + patch.statusCode() + " "
                        + LoopbackHttp.text(patch));
            }
        }
        HttpResponse<byte[]> put = http.send("PUT", upload.location() + "?digest=" + digest,
                HttpRequest.BodyPublishers.noBody(), "Content-Type", OCTETS);
        if (put.statusCode() != 201 || !LoopbackHttp.header(put, "Docker-Content-Digest").equals(digest.toString())) {
            return Optional.of("PUT answered " + put.statusCode() + " " + LoopbackHttp.text(put));
        }
        return Optional.empty();
    }

    /**
     * Runs the stale-upload purge over the stopped server's data with a cutoff in the future: whatever the kills
     * left (sessions of unfinished uploads, bytes of monolithic pushes that never got a session) must go. Returns
     * what is left.
     */
    private static List<String> purgeLeftovers(Path data) {
        Instant future = Instant.now().plus(Duration.ofHours(1));
        try (FileBlobStore store = new FileBlobStore(data);
             MetadataStore metadata = SqliteMetadataStore.open(data.resolve("metadata.db"), SqliteDurability.FULL)) {
            new BlobUploads(store, metadata, new dev.berth.metadata.InProcessLocks(), Clock.systemUTC()).purgeStale(future);
            List<String> left = new ArrayList<>();
            try (Stream<String> ids = store.uploadsIdleSince(future)) {
                ids.forEach(id -> left.add("upload bytes " + id));
            }
            metadata.read(tx -> tx.uploadsStartedBefore(future, 100))
                    .forEach(session -> left.add("upload session " + session.id()));
            return left;
        }
    }

    /** Counts for the test's closing line. */
    private static final class Outcomes {
        int resumed;
        int unknown;
    }
}
