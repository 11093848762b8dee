package dev.berth.registry;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.RegistryException;
import dev.berth.storage.BlobUpload;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running digests of in-progress uploads. The common case (one client, one connection, one node) hashes each
 * byte once as it streams in. A JDK {@link MessageDigest} cannot export its state, so when the state is missing or
 * does not cover exactly the stored bytes (after a restart, on another node, after a failed append) it is rebuilt
 * by re-reading the stored bytes: correct, at the cost of one read.
 *
 * <p>With several nodes an upload may end on another node, which this one never hears of, so the states kept are
 * bounded: past {@link #MAX_KEPT} the least recently used is dropped (and rebuilt if that upload ever returns).
 */
final class UploadDigests {
    static final int MAX_KEPT = 4096;

    private final Map<String, Running> running = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Running> eldest) {
            return size() > MAX_KEPT;
        }
    };

    /** A digest positioned at the end of the upload's stored bytes; the caller updates it while appending. */
    MessageDigest positioned(BlobUpload upload, DigestAlgorithm algorithm) {
        Running state = get(upload.id());
        long stored = upload.size();
        if (state != null && state.algorithm == algorithm && state.offset == stored) {
            return state.digest;
        }
        // Nothing stored yet (a session just started, or the POST of a POST + PUT push): nothing to re-read.
        MessageDigest digest = stored == 0 ? algorithm.newMessageDigest() : rehash(upload, algorithm);
        put(upload.id(), new Running(algorithm, digest, stored));
        return digest;
    }

    /** Records that the digest now covers {@code size} bytes. */
    void advanced(String uploadId, DigestAlgorithm algorithm, MessageDigest digest, long size) {
        put(uploadId, new Running(algorithm, digest, size));
    }

    /** Forgets the state (the upload ended, or an append failed and the state may not match the bytes). */
    void forget(String uploadId) {
        synchronized (running) {
            running.remove(uploadId);
        }
    }

    /**
     * The digest of the whole upload with {@code algorithm}, re-reading the bytes when no matching state is held.
     * The running state is consumed.
     */
    Digest finish(BlobUpload upload, DigestAlgorithm algorithm) {
        MessageDigest digest = positioned(upload, algorithm);
        forget(upload.id());
        return Digest.of(algorithm, digest.digest());
    }

    /** How many states are kept (for tests). */
    int kept() {
        synchronized (running) {
            return running.size();
        }
    }

    private Running get(String uploadId) {
        synchronized (running) {
            return running.get(uploadId);
        }
    }

    private void put(String uploadId, Running state) {
        synchronized (running) {
            running.put(uploadId, state);
        }
    }

    private static MessageDigest rehash(BlobUpload upload, DigestAlgorithm algorithm) {
        MessageDigest digest = algorithm.newMessageDigest();
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = upload.readAll()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw RegistryException.internal("cannot re-read upload " + upload.id(), e);
        }
        return digest;
    }

    private record Running(DigestAlgorithm algorithm, MessageDigest digest, long offset) {
    }
}
