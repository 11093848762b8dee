package dev.berth.storage.s3;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.util.ArrayList;
import java.util.List;

/**
 * How the chunks of an upload become the parts of one multipart upload of the final blob. S3 wants every part but
 * the last to hold at least 5 MiB and at most 5 GiB, and at most 10,000 parts. Bytes of chunks that are large
 * enough are copied inside S3 ({@link Copy}, UploadPartCopy with a byte range); runs of smaller pieces are read back
 * and uploaded again as one part ({@link Merge}, at most {@code partSize} bytes, so the memory a commit holds stays
 * bounded). A merge that starts before a large chunk borrows that chunk's first bytes until it is full, so the
 * rest of the chunk can again be copied.
 */
record CommitPlan(List<Part> parts) {
    /** S3's smallest part, except for the last one. */
    static final long MIN_PART = 5L * 1024 * 1024;
    /** S3's largest part (also for UploadPartCopy). */
    static final long MAX_PART = 5L * 1024 * 1024 * 1024;
    static final int MAX_PARTS = 10_000;

    CommitPlan {
        parts = List.copyOf(parts);
    }

    /** One part of the blob, in order. */
    sealed interface Part {
        long size();
    }

    /** Bytes {@code first .. first+size-1} of the chunk object {@code key}, copied inside S3. */
    record Copy(String key, long first, long size) implements Part {
        long last() {
            return first + size - 1;
        }
    }

    /** Pieces of several chunks, read back and uploaded as one part. */
    record Merge(List<Piece> pieces, long size) implements Part {
        Merge {
            pieces = List.copyOf(pieces);
        }
    }

    /** Bytes {@code first .. first+size-1} of the chunk object {@code key}. */
    record Piece(String key, long first, long size) {
        long last() {
            return first + size - 1;
        }
    }

    /** Plans the parts of the chunks given in upload order; {@code partSize} bounds every merged part. */
    static CommitPlan of(List<Chunk> chunks, long partSize) {
        if (partSize < MIN_PART || partSize > MAX_PART) {
            throw new IllegalArgumentException("part size " + partSize + " is outside S3's limits");
        }
        List<Part> parts = new ArrayList<>();
        List<Piece> pending = new ArrayList<>();
        long pendingSize = 0;
        for (Chunk chunk : chunks) {
            long position = 0;
            while (position < chunk.size()) {
                long remaining = chunk.size() - position;
                if (pendingSize == 0 && remaining >= MIN_PART) {
                    long size = Math.min(remaining, MAX_PART);
                    parts.add(new Copy(chunk.key(), position, size));
                    position += size;
                } else {
                    long size = Math.min(remaining, partSize - pendingSize);
                    pending.add(new Piece(chunk.key(), position, size));
                    pendingSize += size;
                    position += size;
                    if (pendingSize == partSize) {
                        parts.add(new Merge(pending, pendingSize));
                        pending.clear();
                        pendingSize = 0;
                    }
                }
            }
        }
        if (pendingSize > 0) {
            parts.add(new Merge(pending, pendingSize));
        }
        if (parts.size() > MAX_PARTS) {
            throw RegistryException.of(ErrorCode.UNKNOWN, "upload is too large for one S3 object of " + MAX_PARTS
                    + " parts of at most " + partSize + " bytes");
        }
        return new CommitPlan(parts);
    }
}
