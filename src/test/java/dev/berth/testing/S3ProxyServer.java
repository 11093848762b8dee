package dev.berth.testing;

import dev.berth.storage.s3.S3Retry;
import dev.berth.storage.s3.S3Settings;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * S3Proxy running in this JVM on 127.0.0.1 and an ephemeral port, with SigV4 authentication, for tests of the S3
 * blob store and of several Berth nodes sharing one bucket. The backend keeps objects in memory
 * ({@link #startTransient()}) or in a directory ({@link #startFilesystem(Path)}). Unlike S3Proxy's own default,
 * it enforces S3's 5 MiB minimum for every part but the last, so a wrong multipart plan fails here as on AWS.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "berth-test-access";
    public static final String SECRET_KEY = "berth-test-secret";
    public static final String REGION = "us-east-1";
    private static final long S3_MIN_PART_SIZE = 5L * 1024 * 1024;
    /** Tests end with idle keep-alive connections open; there is nothing to drain gracefully. */
    private static final long STOP_TIMEOUT_MILLIS = 100;

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client admin;

    private S3ProxyServer(BlobStore backend) {
        proxy = S3Proxy.builder()
                .blobStore(new StrictParts(backend))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(STOP_TIMEOUT_MILLIS)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!proxy.getState().equals("STARTED") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        admin = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .build();
    }

    /** Objects in memory; gone when the server stops. */
    public static S3ProxyServer startTransient() {
        return new S3ProxyServer(new TransientNio2BlobStore());
    }

    /** Objects as files under {@code directory}, which survive a restart of the server on the same directory. */
    public static S3ProxyServer startFilesystem(Path directory) {
        return new S3ProxyServer(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client with full access, to create buckets and inspect or plant objects behind the store's back. */
    public S3Client admin() {
        return admin;
    }

    public void createBucket(String bucket) {
        admin.createBucket(b -> b.bucket(bucket));
    }

    /** Settings for a store on {@code bucket}: this endpoint, path-style, the test keys, quick retries. */
    public S3Settings settings(String bucket) {
        return S3Settings.of(bucket)
                .withRegion(REGION)
                .withEndpoint(endpoint, true)
                .withStaticCredentials(ACCESS_KEY, SECRET_KEY)
                .withRetry(new S3Retry(3, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(1)));
    }

    /** Every key under {@code prefix} in {@code bucket}. */
    public List<S3Object> objects(String bucket, String prefix) {
        return admin.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().toList();
    }

    /** Deletes every object under {@code prefix} and aborts every multipart upload there. */
    public void clear(String bucket, String prefix) {
        admin.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads().forEach(upload ->
                admin.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
        List<ObjectIdentifier> keys = objects(bucket, prefix).stream()
                .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                .toList();
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
            admin.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        }
    }

    @Override
    public void close() {
        admin.close();
        try {
            proxy.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // Jetty's graceful stop gave up waiting for an idle kept-alive connection; it still stopped the server.
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }

    /** The backend with S3's real minimum part size (S3Proxy's local backends accept parts of any size). */
    private static final class StrictParts extends ForwardingBlobStore {
        StrictParts(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public long getMinimumMultipartPartSize() {
            return S3_MIN_PART_SIZE;
        }
    }
}
