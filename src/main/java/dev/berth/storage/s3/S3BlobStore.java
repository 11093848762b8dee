package dev.berth.storage.s3;

import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} in an S3 bucket (AWS S3 or any S3-compatible server), laid out as described by
 * {@link S3Keys}. It keeps no state of its own: every node pointed at the same bucket and prefix sees the same
 * blobs and uploads, so an upload started on one node can be continued and committed on another.
 *
 * <p>Blob reads are ranged GetObject streams; with presigned redirects enabled, {@link #directUrl} hands out
 * presigned GET URLs instead. Calls are retried by the SDK with jittered exponential backoff (see
 * {@link S3Retry}); a call that still fails is {@code UNAVAILABLE}.
 */
public final class S3BlobStore implements BlobStore {
    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final Bucket bucket;
    private final S3Keys keys;

    /** Builds the SDK clients from {@code settings}; nothing is sent until the first call (see {@link #ping}). */
    public S3BlobStore(S3Settings settings) {
        this(settings, S3Clients.credentials(settings.credentials()));
    }

    private S3BlobStore(S3Settings settings, AwsCredentialsProvider credentials) {
        this.settings = settings;
        this.s3 = S3Clients.client(settings, credentials);
        this.presigner = S3Clients.presigner(settings, credentials);
        this.bucket = new Bucket(s3, settings.bucket(), settings.checksums());
        this.keys = new S3Keys(settings.prefix());
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public Optional<Long> size(Digest digest) {
        return bucket.size(keys.blob(digest));
    }

    /**
     * One ranged GetObject: a missing object is {@code BLOB_UNKNOWN}, a range starting at or past the end (416) or
     * reaching past it (S3 answers the shorter range) is {@code RANGE_INVALID}. Empty reads only check existence.
     */
    @Override
    public BlobContent read(Digest digest, long offset, long length) {
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw rangeInvalid(offset, length);
        }
        String key = keys.blob(digest);
        if (length == 0) {
            long size = bucket.size(key).orElseThrow(S3BlobStore::blobUnknown);
            if (offset > size) {
                throw rangeInvalid(offset, length);
            }
            return new BlobContent.Stream(InputStream.nullInputStream(), 0);
        }
        ResponseInputStream<GetObjectResponse> response;
        try {
            response = bucket.getRange(key, offset, offset + length - 1);
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                throw blobUnknown();
            }
            if (S3Errors.isRangeNotSatisfiable(e)) {
                throw rangeInvalid(offset, length);
            }
            throw S3Errors.translate("GetObject " + key, e);
        }
        Long received = response.response().contentLength();
        if (received == null || received != length) {
            response.abort();
            throw rangeInvalid(offset, length);
        }
        return new BlobContent.Stream(new ObjectStream(response, length), length);
    }

    /**
     * A presigned GET URL when presigned redirects are enabled, valid for the shorter of {@code ttl} and the
     * configured lifetime. Signing is local: no request is sent and the blob's existence is not checked.
     */
    @Override
    public Optional<URI> directUrl(Digest digest, Duration ttl) {
        if (!settings.presignedRedirects() || ttl.isNegative() || ttl.isZero()) {
            return Optional.empty();
        }
        Duration validity = ttl.compareTo(settings.presignTtl()) < 0 ? ttl : settings.presignTtl();
        String key = keys.blob(digest);
        try {
            var presigned = presigner.presignGetObject(p -> p.signatureDuration(validity)
                    .getObjectRequest(g -> g.bucket(settings.bucket()).key(key)));
            return Optional.of(presigned.url().toURI());
        } catch (SdkException e) {
            throw S3Errors.translate("presigning GetObject " + key, e);
        } catch (URISyntaxException e) {
            throw RegistryException.internal("presigned URL for " + key + " is not a URI", e);
        }
    }

    /** Heads the blob first, as S3 answers a delete of a missing key with success too. */
    @Override
    public boolean delete(Digest digest) {
        String key = keys.blob(digest);
        if (bucket.size(key).isEmpty()) {
            return false;
        }
        bucket.delete(key);
        return true;
    }

    /** Lists {@code blobs/} page by page, skipping keys that are not a blob at its digest's key. */
    @Override
    public Stream<Digest> list() {
        return bucket.list(keys.blobsPrefix()).map(S3Object::key).flatMap(key -> keys.digestOf(key).stream());
    }

    /** Writes the upload's marker object; an id already in use is an internal error, as ids are unique. */
    @Override
    public BlobUpload createUpload(String uploadId) {
        String marker = keys.marker(uploadId);
        if (bucket.size(marker).isPresent()) {
            throw RegistryException.of(ErrorCode.UNKNOWN, "upload " + uploadId + " already exists");
        }
        bucket.put(marker, new byte[0], 0);
        return upload(uploadId);
    }

    @Override
    public BlobUpload openUpload(String uploadId) {
        if (bucket.size(keys.marker(uploadId)).isEmpty()) {
            throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + uploadId + " does not exist");
        }
        return upload(uploadId);
    }

    /** See {@link IdleUploads}: also aborts abandoned multipart uploads and removes orphaned chunks. */
    @Override
    public Stream<String> uploadsIdleSince(Instant cutoff) {
        return new IdleUploads(bucket, keys).since(cutoff).stream();
    }

    /** HeadBucket: fails with {@code UNAVAILABLE} when the endpoint, the bucket or the credentials do not work. */
    @Override
    public void ping() {
        try {
            bucket.ping();
        } catch (RegistryException e) {
            throw e.code() == ErrorCode.UNAVAILABLE ? e
                    : RegistryException.unavailable("S3 bucket " + settings.bucket() + " is not usable", e);
        }
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private BlobUpload upload(String uploadId) {
        return new S3BlobUpload(bucket, keys, uploadId, settings.partSize());
    }

    private static RegistryException blobUnknown() {
        return RegistryException.of(ErrorCode.BLOB_UNKNOWN, "blob unknown");
    }

    private static RegistryException rangeInvalid(long offset, long length) {
        return RegistryException.of(ErrorCode.RANGE_INVALID, "range " + offset + "+" + length
                + " is outside the blob");
    }
}
