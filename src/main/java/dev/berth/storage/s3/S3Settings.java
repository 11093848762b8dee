package dev.berth.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything an {@link S3BlobStore} needs to reach its bucket. Start from {@link #of(String)} (defaults for AWS)
 * and adjust with the {@code with…} methods.
 *
 * @param bucket             the bucket; it must exist (Berth never creates or deletes buckets)
 * @param prefix             key prefix inside the bucket without leading or trailing slash, empty for the root
 * @param region             signing region; S3-compatible servers usually accept {@code us-east-1}
 * @param endpoint           endpoint override for S3-compatible servers (MinIO, Ceph RGW, Garage, R2 …)
 * @param pathStyle          address the bucket as {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key}
 * @param credentials        static keys or the SDK's default chain
 * @param presignedRedirects whether {@link S3BlobStore#directUrl} hands out presigned GET URLs
 * @param presignTtl         longest validity of a presigned URL (at most 7 days, the SigV4 limit)
 * @param partSize           size of the parts an append buffers and uploads, between 5 MiB and 512 MiB; also the
 *                           largest piece of memory one append or commit holds
 * @param checksums          send CRC32 checksums with uploads and validate them on full reads (the SDK default);
 *                           turn off for S3-compatible servers that reject {@code aws-chunked} trailers
 * @param maxConnections     size of the HTTP connection pool (each streamed blob GET holds one connection)
 * @param retry              retry and backoff of failed calls
 */
public record S3Settings(String bucket, String prefix, String region, Optional<URI> endpoint, boolean pathStyle,
                         S3Credentials credentials, boolean presignedRedirects, Duration presignTtl, long partSize,
                         boolean checksums, int maxConnections, S3Retry retry) {
    public static final long MIB = 1024 * 1024;
    /** S3's smallest part (except the last one of an upload). */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** The largest part size Berth buffers (a part is one heap array); S3 itself allows up to 5 GiB. */
    public static final long MAX_PART_SIZE = 512 * MIB;
    public static final long DEFAULT_PART_SIZE = 16 * MIB;
    public static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);
    public static final Duration DEFAULT_PRESIGN_TTL = Duration.ofMinutes(15);
    public static final String DEFAULT_REGION = "us-east-1";
    public static final int DEFAULT_MAX_CONNECTIONS = 128;

    public S3Settings {
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("the S3 bucket must not be empty");
        }
        prefix = normalizePrefix(prefix);
        if (region.isBlank()) {
            throw new IllegalArgumentException("the S3 region must not be empty");
        }
        endpoint.ifPresent(S3Settings::checkEndpoint);
        if (presignTtl.isNegative() || presignTtl.isZero() || presignTtl.compareTo(MAX_PRESIGN_TTL) > 0) {
            throw new IllegalArgumentException("the presigned URL lifetime must be between 1s and 7 days, got "
                    + presignTtl);
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("the S3 part size must be between 5 MiB and 512 MiB, got "
                    + partSize);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the S3 connection pool needs at least 1 connection");
        }
    }

    /** Defaults: no prefix, {@code us-east-1}, AWS endpoints, virtual-hosted style, the SDK's credential chain. */
    public static S3Settings of(String bucket) {
        return new S3Settings(bucket, "", DEFAULT_REGION, Optional.empty(), false, new S3Credentials.DefaultChain(),
                false, DEFAULT_PRESIGN_TTL, DEFAULT_PART_SIZE, true, DEFAULT_MAX_CONNECTIONS, S3Retry.DEFAULT);
    }

    public S3Settings withPrefix(String newPrefix) {
        return new S3Settings(bucket, newPrefix, region, endpoint, pathStyle, credentials, presignedRedirects,
                presignTtl, partSize, checksums, maxConnections, retry);
    }

    public S3Settings withRegion(String newRegion) {
        return new S3Settings(bucket, prefix, newRegion, endpoint, pathStyle, credentials, presignedRedirects,
                presignTtl, partSize, checksums, maxConnections, retry);
    }

    /** An S3-compatible endpoint; most of them also want {@code pathStyle}. */
    public S3Settings withEndpoint(URI newEndpoint, boolean newPathStyle) {
        return new S3Settings(bucket, prefix, region, Optional.of(newEndpoint), newPathStyle, credentials,
                presignedRedirects, presignTtl, partSize, checksums, maxConnections, retry);
    }

    public S3Settings withCredentials(S3Credentials newCredentials) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, newCredentials, presignedRedirects,
                presignTtl, partSize, checksums, maxConnections, retry);
    }

    public S3Settings withStaticCredentials(String accessKeyId, String secretAccessKey) {
        return withCredentials(new S3Credentials.Static(accessKeyId, secretAccessKey));
    }

    /** Enables ({@code true}) or disables presigned redirects; {@code ttl} bounds every URL handed out. */
    public S3Settings withPresignedRedirects(boolean enabled, Duration ttl) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, enabled, ttl, partSize,
                checksums, maxConnections, retry);
    }

    public S3Settings withPartSize(long newPartSize) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, presignedRedirects,
                presignTtl, newPartSize, checksums, maxConnections, retry);
    }

    public S3Settings withChecksums(boolean enabled) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, presignedRedirects,
                presignTtl, partSize, enabled, maxConnections, retry);
    }

    public S3Settings withMaxConnections(int newMaxConnections) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, presignedRedirects,
                presignTtl, partSize, checksums, newMaxConnections, retry);
    }

    public S3Settings withRetry(S3Retry newRetry) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, presignedRedirects,
                presignTtl, partSize, checksums, maxConnections, newRetry);
    }

    private static String normalizePrefix(String prefix) {
        String trimmed = prefix.strip();
        int start = 0;
        int end = trimmed.length();
        while (start < end && trimmed.charAt(start) == '/') {
            start++;
        }
        while (end > start && trimmed.charAt(end - 1) == '/') {
            end--;
        }
        String normalized = trimmed.substring(start, end);
        if (normalized.contains("//") || normalized.contains("\\")) {
            throw new IllegalArgumentException("the S3 key prefix must not contain '//' or '\\': " + prefix);
        }
        for (String segment : normalized.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("the S3 key prefix must not contain '.' or '..' segments");
            }
        }
        return normalized;
    }

    private static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the S3 endpoint must be an absolute http:// or https:// URL, got "
                    + endpoint);
        }
    }
}
