package dev.berth.faults;

import dev.berth.domain.Digest;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What a server under test acknowledged, shared by concurrent pushers: blobs and manifests answered with 201,
 * uploads answered with 202 that had not finished, and every answer that no correct server gives.
 */
final class PushLedger {
    /** A blob push answered 201 in round {@code round}. */
    record AckedBlob(String repository, Digest digest, long size, int round) {
    }

    /** A manifest push to a fresh tag answered 201, with the blobs it references. */
    record AckedManifest(String repository, String tag, Digest digest, List<AckedBlob> blobs, int round) {
    }

    /**
     * An upload the server opened (202) whose last acknowledged size is {@code acknowledged}; {@code committing}
     * once its closing PUT was sent (after which the server may have completed it without the client hearing).
     */
    record OpenUpload(String repository, String location, byte[] content, long acknowledged, boolean committing) {
    }

    private final Queue<AckedBlob> blobs = new ConcurrentLinkedQueue<>();
    private final Queue<AckedManifest> manifests = new ConcurrentLinkedQueue<>();
    private final Map<String, OpenUpload> open = new ConcurrentHashMap<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    AckedBlob blobAcked(String repository, Digest digest, long size, int round) {
        AckedBlob blob = new AckedBlob(repository, digest, size, round);
        blobs.add(blob);
        return blob;
    }

    void manifestAcked(AckedManifest manifest) {
        manifests.add(manifest);
    }

    void uploadOpened(OpenUpload upload) {
        open.put(upload.location(), upload);
    }

    void uploadAdvanced(String location, long acknowledged) {
        open.computeIfPresent(location, (key, u) ->
                new OpenUpload(u.repository(), u.location(), u.content(), acknowledged, false));
    }

    void uploadCommitting(String location) {
        open.computeIfPresent(location, (key, u) ->
                new OpenUpload(u.repository(), u.location(), u.content(), u.acknowledged(), true));
    }

    void uploadClosed(String location) {
        open.remove(location);
    }

    void unexpected(String description) {
        unexpected.add(description);
    }

    List<AckedBlob> blobs() {
        return List.copyOf(blobs);
    }

    List<AckedManifest> manifests() {
        return List.copyOf(manifests);
    }

    List<OpenUpload> openUploads() {
        return List.copyOf(open.values());
    }

    List<String> unexpectedAnswers() {
        return List.copyOf(unexpected);
    }
}
