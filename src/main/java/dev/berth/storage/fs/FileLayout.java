package dev.berth.storage.fs;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The on-disk tree of a {@link FileBlobStore}, in one place:
 * <pre>
 * &lt;root&gt;/blobs/&lt;alg&gt;/&lt;first two hex&gt;/&lt;hex&gt;   immutable blob content, only ever placed by an atomic rename
 * &lt;root&gt;/uploads/&lt;upload-id&gt;                 bytes of an in-progress upload, only ever appended
 * &lt;root&gt;/uploads/&lt;upload-id&gt;/data            the same, as written by Berth before 2026-11-23 (still read)
 * </pre>
 * An upload exists while its file (or, for the older layout, its directory) exists; a commit renames the file
 * to its blob path, so a pushed blob costs one new inode and no deletion. Both trees must be on one filesystem so
 * that a commit is a rename.
 * Upload ids are restricted to {@code [A-Za-z0-9_-]{1,128}}, so an id can never name a path outside
 * {@code uploads/}.
 */
final class FileLayout {
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final String DATA_FILE = "data";

    private final Path root;
    private final Path blobs;
    private final Path uploads;

    FileLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.blobs = this.root.resolve("blobs");
        this.uploads = this.root.resolve("uploads");
    }

    Path root() {
        return root;
    }

    Path blobs() {
        return blobs;
    }

    Path uploads() {
        return uploads;
    }

    Path algorithmDir(DigestAlgorithm algorithm) {
        return blobs.resolve(algorithm.id());
    }

    Path blobPath(Digest digest) {
        return algorithmDir(digest.algorithm()).resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    /** The digest a file under {@code blobs/<alg>/<prefix>/} stands for, when its name and prefix are valid. */
    static Optional<Digest> digestOf(DigestAlgorithm algorithm, Path blobFile) {
        String hex = blobFile.getFileName().toString();
        String prefix = blobFile.getParent().getFileName().toString();
        return Digest.tryParse(algorithm.id() + ":" + hex).filter(d -> hex.startsWith(prefix) && prefix.length() == 2);
    }

    static boolean isUploadId(String uploadId) {
        return UPLOAD_ID.matcher(uploadId).matches();
    }

    /**
     * The entry of an upload under {@code uploads/}: its data file, or the directory of the older layout; an id
     * outside the allowed grammar is an unknown upload.
     */
    Path uploadEntry(String uploadId) {
        if (!isUploadId(uploadId)) {
            throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "invalid upload id");
        }
        return uploads.resolve(uploadId);
    }

    /** The data file inside an upload directory of the older layout. */
    static Path legacyData(Path uploadDirectory) {
        return uploadDirectory.resolve(DATA_FILE);
    }
}
