package dev.berth.storage.s3;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The object keys of an {@link S3BlobStore}, in one place:
 * <pre>
 * &lt;prefix&gt;/blobs/&lt;alg&gt;/&lt;first two hex&gt;/&lt;hex&gt;          immutable blob content
 * &lt;prefix&gt;/uploads/&lt;id&gt;/started                    empty marker: the upload exists while it does
 * &lt;prefix&gt;/uploads/&lt;id&gt;/chunks/&lt;offset, 20 digits&gt;  the bytes of one append, starting at that offset
 * </pre>
 * Upload ids are restricted to {@code [A-Za-z0-9_-]{1,128}}; any other id is an unknown upload. Zero-padded
 * offsets make the lexicographic order of a listing the byte order of the upload.
 */
final class S3Keys {
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern OFFSET = Pattern.compile("[0-9]{20}");
    private static final String MARKER = "started";
    private static final String CHUNKS = "chunks/";

    private final String root;
    private final String blobs;
    private final String uploads;

    S3Keys(String prefix) {
        this.root = prefix.isEmpty() ? "" : prefix + "/";
        this.blobs = root + "blobs/";
        this.uploads = root + "uploads/";
    }

    /** Every blob key starts with this. */
    String blobsPrefix() {
        return blobs;
    }

    /** Every upload key starts with this. */
    String uploadsPrefix() {
        return uploads;
    }

    String blob(Digest digest) {
        return blobs + digest.algorithm().id() + "/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    /** The digest a key under {@code blobs/} names, when it has exactly the shape {@link #blob} gives. */
    Optional<Digest> digestOf(String key) {
        if (!key.startsWith(blobs)) {
            return Optional.empty();
        }
        String[] parts = key.substring(blobs.length()).split("/", -1);
        if (parts.length != 3 || parts[1].length() != 2 || !parts[2].startsWith(parts[1])) {
            return Optional.empty();
        }
        return DigestAlgorithm.fromId(parts[0]).flatMap(alg -> Digest.tryParse(alg.id() + ":" + parts[2]));
    }

    /** All keys of one upload start with this; an id outside the grammar is an unknown upload. */
    String upload(String uploadId) {
        if (!isUploadId(uploadId)) {
            throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "invalid upload id");
        }
        return uploads + uploadId + "/";
    }

    String marker(String uploadId) {
        return upload(uploadId) + MARKER;
    }

    String chunk(String uploadId, long offset) {
        return upload(uploadId) + CHUNKS + String.format("%020d", offset);
    }

    /** The upload id of a key under {@code uploads/}, when it has one. */
    Optional<String> uploadIdOf(String key) {
        if (!key.startsWith(uploads)) {
            return Optional.empty();
        }
        int slash = key.indexOf('/', uploads.length());
        String id = slash < 0 ? key.substring(uploads.length()) : key.substring(uploads.length(), slash);
        return isUploadId(id) ? Optional.of(id) : Optional.empty();
    }

    boolean isMarker(String uploadId, String key) {
        return key.equals(uploads + uploadId + "/" + MARKER);
    }

    /** The start offset of a chunk key of {@code uploadId}, empty for any other key. */
    OptionalLong chunkOffset(String uploadId, String key) {
        String chunks = uploads + uploadId + "/" + CHUNKS;
        if (!key.startsWith(chunks)) {
            return OptionalLong.empty();
        }
        String digits = key.substring(chunks.length());
        return OFFSET.matcher(digits).matches() ? OptionalLong.of(Long.parseLong(digits)) : OptionalLong.empty();
    }

    static boolean isUploadId(String uploadId) {
        return UPLOAD_ID.matcher(uploadId).matches();
    }
}
