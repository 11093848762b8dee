package dev.berth.registry;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.RegistryException;
import dev.berth.storage.BlobUpload;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Running digests of in-progress uploads. The common case (one client, one connection, one node) hashes each
 * byte once as it streams in. A JDK {@link MessageDigest} cannot export its state, so when the state is missing or
 * does not cover exactly the stored bytes (after a restart, on another node, after a failed append) it is rebuilt
 * by re-reading the stored bytes: correct, at the cost of one read.
 */
final class UploadDigests {
    private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();

    /** A digest positioned at the end of the upload's stored bytes; the caller updates it while appending. */
    MessageDigest positioned(BlobUpload upload, DigestAlgorithm algorithm) {
        Running state = running.get(upload.id());
        long stored = upload.size();
        if (state != null && state.algorithm == algorithm && state.offset == stored) {
            return state.digest;
        }
        MessageDigest digest = rehash(upload, algorithm);
        running.put(upload.id(), new Running(algorithm, digest, stored));
        return digest;
    }

    /** Records that the digest now covers {@code size} bytes. */
    void advanced(String uploadId, DigestAlgorithm algorithm, MessageDigest digest, long size) {
        running.put(uploadId, new Running(algorithm, digest, size));
    }

    /** Forgets the state (the upload ended, or an append failed and the state may not match the bytes). */
    void forget(String uploadId) {
        running.remove(uploadId);
    }

    /**
     * The digest of the whole upload with {@code algorithm}, re-reading the bytes when no matching state is held.
     * The running state is consumed.
     */
    Digest finish(BlobUpload upload, DigestAlgorithm algorithm) {
        MessageDigest digest = positioned(upload, algorithm);
        running.remove(upload.id());
        return Digest.of(algorithm, digest.digest());
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
