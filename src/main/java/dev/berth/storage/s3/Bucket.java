package dev.berth.storage.s3;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The S3 calls of the store, on one bucket. Every failure leaves here as a {@link RegistryException} (see
 * {@link S3Errors}); "not found" is answered as an empty {@link Optional} where callers need to tell it apart.
 * Request bodies are given as byte-array regions through a content provider, so the SDK can replay them on a retry
 * without copying them.
 */
final class Bucket {
    private static final String OCTET_STREAM = "application/octet-stream";
    /** DeleteObjects takes at most this many keys. */
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String name;
    private final boolean checksums;

    Bucket(S3Client s3, String name, boolean checksums) {
        this.s3 = s3;
        this.name = name;
        this.checksums = checksums;
    }

    void ping() {
        call("HeadBucket " + name, () -> s3.headBucket(b -> b.bucket(name)));
    }

    /** Size of an object, empty when it does not exist. */
    Optional<Long> size(String key) {
        return head(key).map(HeadObjectResponse::contentLength);
    }

    Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(name).key(key)));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Errors.translate("HeadObject " + key, e);
        }
    }

    /** A whole object, empty when it does not exist. The caller closes the stream. */
    Optional<ResponseInputStream<GetObjectResponse>> get(String key) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(name).key(key)));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Errors.translate("GetObject " + key, e);
        }
    }

    /** Bytes {@code first..last} (inclusive) of an object; the SDK's exceptions reach the caller untranslated. */
    ResponseInputStream<GetObjectResponse> getRange(String key, long first, long last) {
        return s3.getObject(b -> b.bucket(name).key(key).range("bytes=" + first + "-" + last));
    }

    void put(String key, byte[] data, int length) {
        call("PutObject " + key, () -> s3.putObject(b -> b.bucket(name).key(key).contentType(OCTET_STREAM)
                .checksumAlgorithm(checksums ? ChecksumAlgorithm.CRC32 : null), body(data, length)));
    }

    void copy(String source, String target) {
        call("CopyObject " + source + " to " + target, () -> s3.copyObject(b -> b
                .sourceBucket(name).sourceKey(source).destinationBucket(name).destinationKey(target)));
    }

    void delete(String key) {
        call("DeleteObject " + key, () -> s3.deleteObject(b -> b.bucket(name).key(key)));
    }

    /** Deletes keys in batches; keys that are already gone are not an error. */
    void delete(List<String> keys) {
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build())
                    .toList();
            var response = call("DeleteObjects", () -> s3.deleteObjects(b -> b.bucket(name)
                    .delete(d -> d.objects(batch).quiet(true))));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                var first = response.errors().getFirst();
                throw RegistryException.of(ErrorCode.UNKNOWN, "S3 DeleteObjects failed for "
                        + response.errors().size() + " keys, first " + first.key() + ": " + first.code() + " "
                        + first.message());
            }
        }
    }

    /** Objects under {@code prefix} in key order, fetched page by page as the stream is consumed. */
    Stream<S3Object> list(String prefix) {
        Iterator<S3Object> objects = new Paged<>(token -> {
            ListObjectsV2Response page = call("ListObjectsV2 " + prefix, () -> s3.listObjectsV2(b -> b
                    .bucket(name).prefix(prefix).continuationToken(token.orElse(null))));
            return new Page<>(page.contents(), Boolean.TRUE.equals(page.isTruncated())
                    ? Optional.ofNullable(page.nextContinuationToken()) : Optional.empty());
        });
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(objects, Spliterator.ORDERED), false);
    }

    /** In-progress multipart uploads whose key starts with {@code prefix}. */
    List<MultipartUpload> multipartUploads(String prefix) {
        List<MultipartUpload> all = new ArrayList<>();
        Optional<String> keyMarker = Optional.empty();
        Optional<String> idMarker = Optional.empty();
        while (true) {
            Optional<String> key = keyMarker;
            Optional<String> id = idMarker;
            ListMultipartUploadsResponse page = call("ListMultipartUploads " + prefix, () -> s3.listMultipartUploads(
                    b -> b.bucket(name).prefix(prefix).keyMarker(key.orElse(null)).uploadIdMarker(id.orElse(null))));
            all.addAll(page.uploads());
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return all;
            }
            keyMarker = Optional.ofNullable(page.nextKeyMarker());
            idMarker = Optional.ofNullable(page.nextUploadIdMarker());
            if (keyMarker.isEmpty() && idMarker.isEmpty()) {
                return all;
            }
        }
    }

    String startMultipart(String key) {
        return call("CreateMultipartUpload " + key, () -> s3.createMultipartUpload(b -> b.bucket(name).key(key)
                .contentType(OCTET_STREAM).checksumAlgorithm(checksums ? ChecksumAlgorithm.CRC32 : null)))
                .uploadId();
    }

    CompletedPart uploadPart(String key, String uploadId, int partNumber, byte[] data, int length) {
        UploadPartResponse response = call("UploadPart " + partNumber + " of " + key, () -> s3.uploadPart(b -> b
                .bucket(name).key(key).uploadId(uploadId).partNumber(partNumber).contentLength((long) length)
                .checksumAlgorithm(checksums ? ChecksumAlgorithm.CRC32 : null), body(data, length)));
        return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build();
    }

    /** UploadPartCopy of bytes {@code first..last} (inclusive) of {@code source}. */
    CompletedPart copyPart(String key, String uploadId, int partNumber, String source, long first, long last) {
        UploadPartCopyResponse response = call("UploadPartCopy " + partNumber + " of " + key, () -> s3.uploadPartCopy(
                b -> b.sourceBucket(name).sourceKey(source).copySourceRange("bytes=" + first + "-" + last)
                        .destinationBucket(name).destinationKey(key).uploadId(uploadId).partNumber(partNumber)));
        return CompletedPart.builder().partNumber(partNumber).eTag(response.copyPartResult().eTag())
                .checksumCRC32(response.copyPartResult().checksumCRC32()).build();
    }

    void completeMultipart(String key, String uploadId, List<CompletedPart> parts) {
        call("CompleteMultipartUpload " + key, () -> s3.completeMultipartUpload(b -> b.bucket(name).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
    }

    void abortMultipart(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(name).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw S3Errors.translate("AbortMultipartUpload " + key, e);
            }
        }
    }

    /** Aborts after another failure: a failure to abort is attached to {@code cause}, the purge retries later. */
    void abortMultipartQuietly(String key, String uploadId, Throwable cause) {
        try {
            abortMultipart(key, uploadId);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static RequestBody body(byte[] data, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length, OCTET_STREAM);
    }

    private static <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw S3Errors.translate(action, e);
        }
    }

    /** One page of a listing and the token of the next one. */
    private record Page<T>(List<T> items, Optional<String> next) {
    }

    /** Iterates the items of consecutive pages, fetching the next page only when the current one is used up. */
    private static final class Paged<T> implements Iterator<T> {
        private final Function<Optional<String>, Page<T>> fetch;
        private Iterator<T> current = Collections.emptyIterator();
        private Optional<String> next = Optional.empty();
        private boolean started;

        Paged(Function<Optional<String>, Page<T>> fetch) {
            this.fetch = fetch;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && (!started || next.isPresent())) {
                Page<T> page = fetch.apply(next);
                started = true;
                current = page.items().iterator();
                next = page.next();
            }
            return current.hasNext();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
