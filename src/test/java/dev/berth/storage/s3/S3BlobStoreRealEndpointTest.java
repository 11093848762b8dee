package dev.berth.storage.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/**
 * The same suite against a real S3 endpoint (AWS, MinIO, Ceph RGW, Garage …), run only when
 * {@code BERTH_TEST_S3_ENDPOINT}, {@code BERTH_TEST_S3_BUCKET}, {@code BERTH_TEST_S3_ACCESS_KEY} and
 * {@code BERTH_TEST_S3_SECRET_KEY} are set ({@code BERTH_TEST_S3_REGION} defaults to {@code us-east-1};
 * {@code BERTH_TEST_S3_PATH_STYLE=false} selects virtual-hosted addressing). The bucket must exist; every test
 * works under its own {@code berth-test/<uuid>} prefix and removes it afterwards.
 */
@EnabledIfEnvironmentVariable(named = "BERTH_TEST_S3_ENDPOINT", matches = ".+")
class S3BlobStoreRealEndpointTest extends S3BlobStoreSuite {
    private static S3Settings base;
    private static S3Client admin;

    @BeforeAll
    static void connect() {
        String accessKey = required("BERTH_TEST_S3_ACCESS_KEY");
        String secretKey = required("BERTH_TEST_S3_SECRET_KEY");
        String region = environment("BERTH_TEST_S3_REGION").orElse(S3Settings.DEFAULT_REGION);
        URI endpoint = URI.create(required("BERTH_TEST_S3_ENDPOINT"));
        boolean pathStyle = environment("BERTH_TEST_S3_PATH_STYLE").map(Boolean::parseBoolean).orElse(true);
        base = S3Settings.of(required("BERTH_TEST_S3_BUCKET"))
                .withRegion(region)
                .withEndpoint(endpoint, pathStyle)
                .withStaticCredentials(accessKey, secretKey);
        admin = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)))
                .build();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Override
    protected S3Settings baseSettings() {
        return base;
    }

    @Override
    protected S3Client admin() {
        return admin;
    }

    private static String required(String name) {
        return environment(name).orElseThrow(() -> new IllegalStateException(name + " is not set"));
    }
}
