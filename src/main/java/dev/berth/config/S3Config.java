package dev.berth.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The S3-compatible blob store, used when {@code storage.type} is {@code s3}.
 *
 * @param bucket      the bucket (required for {@code s3})
 * @param prefix      key prefix inside the bucket, empty or ending without a slash ({@code registry/prod})
 * @param region      the signing region
 * @param endpoint    an endpoint other than AWS (MinIO, Ceph RGW, Garage, R2, S3Proxy …)
 * @param pathStyle   address buckets as {@code endpoint/bucket} instead of {@code bucket.endpoint}
 * @param accessKey   static credentials; when empty the AWS SDK's default chain is used (environment, profile,
 *                    instance or pod role)
 * @param secretKey   the secret of {@code accessKey}; both or neither are set
 * @param redirect    answer blob GETs with a 307 to a presigned URL instead of streaming the bytes through Berth
 * @param redirectTtl how long a presigned URL stays valid
 * @param partSize    bytes per multipart-upload part (5MiB to 512MiB); chunks are buffered up to this size
 */
public record S3Config(Optional<String> bucket, String prefix, String region, Optional<URI> endpoint,
                       boolean pathStyle, Optional<String> accessKey, Optional<Secret> secretKey, boolean redirect,
                       Duration redirectTtl, long partSize) {
}
