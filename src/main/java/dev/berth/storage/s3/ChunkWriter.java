package dev.berth.storage.s3;

import dev.berth.storage.BlobUpload.ChunkObserver;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores one append as one complete object. A stream that ends within the first part becomes a single PutObject;
 * a longer one becomes a multipart upload of part-size parts, streamed through one part buffer. Each part is shown
 * to the observer right before it is sent. The chunk object appears only when the whole append is stored, so a
 * crash midway leaves at most an unfinished multipart upload (aborted by the purge), never a partial chunk.
 *
 * <p>When the input stream fails, the bytes read before the failure are still stored (as {@code BlobUpload#append}
 * promises) and the stream's exception is rethrown, an {@link IOException} wrapped in an
 * {@link UncheckedIOException}.
 */
final class ChunkWriter {
    private final Bucket bucket;
    private final String key;
    private final PartBuffer buffer;
    private final ChunkObserver observer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private String multipartId = "";
    private long written;

    ChunkWriter(Bucket bucket, String key, long partSize, ChunkObserver observer) {
        this.bucket = bucket;
        this.key = key;
        this.buffer = new PartBuffer(partSize);
        this.observer = observer;
    }

    /** Stores the whole stream; returns the number of bytes stored. */
    long write(InputStream in) {
        try {
            while (true) {
                try {
                    buffer.fill(in);
                } catch (IOException | RuntimeException streamFailure) {
                    keepWhatWasRead(streamFailure);
                    throw streamFailure instanceof IOException io ? new UncheckedIOException(io)
                            : (RuntimeException) streamFailure;
                }
                if (buffer.ended()) {
                    finish();
                    return written;
                }
                sendPart();
            }
        } catch (RuntimeException e) {
            if (!multipartId.isEmpty()) {
                bucket.abortMultipartQuietly(key, multipartId, e);
            }
            throw e;
        }
    }

    private void keepWhatWasRead(Exception streamFailure) {
        try {
            finish();
        } catch (RuntimeException storeFailure) {
            streamFailure.addSuppressed(storeFailure);
        }
    }

    /** Stores the buffered rest: as the whole object, or as the last part of the multipart upload. */
    private void finish() {
        if (multipartId.isEmpty()) {
            if (buffer.filled() > 0) {
                observer.accept(buffer.view());
                bucket.put(key, buffer.array(), buffer.filled());
                written += buffer.filled();
                buffer.clear();
            }
            return;
        }
        if (buffer.filled() > 0) {
            sendPart();
        }
        bucket.completeMultipart(key, multipartId, parts);
        multipartId = "";
    }

    private void sendPart() {
        if (multipartId.isEmpty()) {
            multipartId = bucket.startMultipart(key);
        }
        observer.accept(buffer.view());
        parts.add(bucket.uploadPart(key, multipartId, parts.size() + 1, buffer.array(), buffer.filled()));
        written += buffer.filled();
        buffer.clear();
    }
}
