package dev.berth.storage.s3;

import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.storage.BlobUpload;
import dev.berth.storage.ByteSource;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * An upload kept entirely in the bucket under {@code uploads/<id>/}, so any node can continue it: an empty marker
 * object says it exists, and each append is one chunk object named by its start offset. Nothing is cached in this
 * object: size, bytes and existence are read from the bucket on every call.
 */
final class S3BlobUpload implements BlobUpload {
    private final Bucket bucket;
    private final S3Keys keys;
    private final String id;
    private final long partSize;

    S3BlobUpload(Bucket bucket, S3Keys keys, String id, long partSize) {
        this.bucket = bucket;
        this.keys = keys;
        this.id = id;
        this.partSize = partSize;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long size() {
        return existing().size();
    }

    /** Stores the stream as the chunk starting at the current size. */
    @Override
    public long append(ByteSource source, ChunkObserver observer) {
        long offset = existing().size();
        return new ChunkWriter(bucket, keys.chunk(id, offset), partSize, observer).write(source.asInputStream());
    }

    @Override
    public InputStream readAll() {
        return new ChunkSequence(bucket, existing().chunks());
    }

    /**
     * Places the blob unless it is already stored, then removes the upload. S3 writes are atomic per object, so
     * the blob key never names partial bytes; concurrent commits of one digest write identical bytes.
     */
    @Override
    public void commit(Digest digest) {
        UploadObjects upload = existing();
        String blob = keys.blob(digest);
        if (bucket.size(blob).isEmpty()) {
            new BlobAssembly(bucket, partSize).assemble(upload.chunks(), blob);
        }
        remove(upload);
    }

    /** Aborts unfinished appends, then removes chunks and finally the marker; idempotent. */
    @Override
    public void cancel() {
        String prefix = keys.upload(id);
        for (var multipart : bucket.multipartUploads(prefix)) {
            bucket.abortMultipart(multipart.key(), multipart.uploadId());
        }
        remove(list());
    }

    /**
     * Deletes chunks before the marker, so an interrupted removal leaves a still-existing upload that the purge
     * finds again, never chunks without their marker.
     */
    private void remove(UploadObjects upload) {
        List<String> contents = new ArrayList<>(upload.otherKeys());
        upload.chunks().forEach(chunk -> contents.add(chunk.key()));
        bucket.delete(contents);
        if (upload.exists()) {
            bucket.delete(keys.marker(id));
        }
    }

    /**
     * The upload's objects, checked: the marker exists and the chunks follow each other without a gap, as appends
     * only ever add at the end (a gap means two nodes appended at once without the core's lock).
     */
    private UploadObjects existing() {
        UploadObjects upload = list();
        if (!upload.exists()) {
            throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + id + " does not exist");
        }
        long expected = 0;
        for (Chunk chunk : upload.chunks()) {
            if (chunk.offset() != expected) {
                throw RegistryException.of(ErrorCode.UNKNOWN, "upload " + id + " has a chunk at " + chunk.offset()
                        + " where " + expected + " was expected");
            }
            expected = chunk.end();
        }
        return upload;
    }

    /** Lists the upload's keys. */
    private UploadObjects list() {
        boolean exists = false;
        List<Chunk> chunks = new ArrayList<>();
        List<String> others = new ArrayList<>();
        try (Stream<S3Object> objects = bucket.list(keys.upload(id))) {
            for (S3Object object : (Iterable<S3Object>) objects::iterator) {
                OptionalLong offset = keys.chunkOffset(id, object.key());
                if (keys.isMarker(id, object.key())) {
                    exists = true;
                } else if (offset.isPresent()) {
                    chunks.add(new Chunk(object.key(), offset.getAsLong(), object.size()));
                } else {
                    others.add(object.key());
                }
            }
        }
        return new UploadObjects(exists, chunks, others);
    }
}
