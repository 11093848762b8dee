package dev.berth.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;

/** Builds the SDK clients an {@link S3BlobStore} uses from its {@link S3Settings}. */
final class S3Clients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    private S3Clients() {
    }

    static S3Client client(S3Settings settings, AwsCredentialsProvider credentials) {
        // Given as a builder, the HTTP client belongs to the S3 client and is closed with it.
        SdkHttpClient.Builder<?> http = Apache5HttpClient.builder()
                .maxConnections(settings.maxConnections())
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .connectionAcquisitionTimeout(ACQUIRE_TIMEOUT)
                .tcpKeepAlive(true);
        S3Retry retry = settings.retry();
        var builder = S3Client.builder()
                .httpClientBuilder(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(settings.checksums()
                        ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(settings.checksums()
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(strategy -> strategy
                        .maxAttempts(retry.maxAttempts())
                        .backoffStrategy(BackoffStrategy.exponentialDelay(retry.baseDelay(), retry.maxBackoff()))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(retry.throttlingBaseDelay(),
                                retry.maxBackoff()))));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static S3Presigner presigner(S3Settings settings, AwsCredentialsProvider credentials) {
        var builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static AwsCredentialsProvider credentials(S3Credentials credentials) {
        return switch (credentials) {
            case S3Credentials.Static keys -> StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
            case S3Credentials.DefaultChain chain -> DefaultCredentialsProvider.builder().build();
        };
    }
}
