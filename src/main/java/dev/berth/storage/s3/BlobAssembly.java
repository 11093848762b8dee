package dev.berth.storage.s3;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the final blob object from an upload's chunks, inside S3 wherever possible: no chunk is an empty
 * object, one chunk of at most 5 GiB is a CopyObject, anything else a multipart upload planned by
 * {@link CommitPlan} (UploadPartCopy for large chunks, small ones read back and uploaded as merged parts). The blob
 * key only appears when the copy or the multipart upload completes, so it never names partial bytes.
 */
final class BlobAssembly {
    private final Bucket bucket;
    private final long partSize;

    BlobAssembly(Bucket bucket, long partSize) {
        this.bucket = bucket;
        this.partSize = partSize;
    }

    void assemble(List<Chunk> chunks, String target) {
        if (chunks.isEmpty()) {
            bucket.put(target, new byte[0], 0);
        } else if (chunks.size() == 1 && chunks.getFirst().size() <= CommitPlan.MAX_PART) {
            bucket.copy(chunks.getFirst().key(), target);
        } else {
            multipart(CommitPlan.of(chunks, partSize), target);
        }
    }

    private void multipart(CommitPlan plan, String target) {
        String uploadId = bucket.startMultipart(target);
        try {
            List<CompletedPart> completed = new ArrayList<>();
            byte[] buffer = new byte[0];
            for (CommitPlan.Part part : plan.parts()) {
                int number = completed.size() + 1;
                switch (part) {
                    case CommitPlan.Copy copy -> completed.add(
                            bucket.copyPart(target, uploadId, number, copy.key(), copy.first(), copy.last()));
                    case CommitPlan.Merge merge -> {
                        if (buffer.length < merge.size()) {
                            buffer = new byte[Math.toIntExact(merge.size())];
                        }
                        int length = readPieces(merge, buffer);
                        completed.add(bucket.uploadPart(target, uploadId, number, buffer, length));
                    }
                }
            }
            bucket.completeMultipart(target, uploadId, completed);
        } catch (RuntimeException e) {
            bucket.abortMultipartQuietly(target, uploadId, e);
            throw e;
        }
    }

    /** Reads every piece of a merged part into {@code buffer}; returns the number of bytes. */
    private int readPieces(CommitPlan.Merge merge, byte[] buffer) {
        int filled = 0;
        for (CommitPlan.Piece piece : merge.pieces()) {
            try (ResponseInputStream<GetObjectResponse> in = bucket.getRange(piece.key(), piece.first(),
                    piece.last())) {
                int n = in.readNBytes(buffer, filled, Math.toIntExact(piece.size()));
                if (n != piece.size()) {
                    throw RegistryException.of(ErrorCode.UNKNOWN, "chunk " + piece.key() + " ended after " + n
                            + " of " + piece.size() + " bytes");
                }
                filled += n;
            } catch (SdkException e) {
                if (S3Errors.isNotFound(e)) {
                    throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "chunk " + piece.key() + " disappeared");
                }
                throw S3Errors.translate("GetObject " + piece.key(), e);
            } catch (IOException e) {
                throw RegistryException.unavailable("cannot read chunk " + piece.key(), e);
            }
        }
        return filled;
    }
}
