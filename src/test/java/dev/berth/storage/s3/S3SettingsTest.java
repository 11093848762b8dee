package dev.berth.storage.s3;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3SettingsTest {

    @Test
    void of_bucketOnly_awsDefaults() {
        S3Settings settings = S3Settings.of("registry");

        assertThat(settings.prefix()).isEmpty();
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.pathStyle()).isFalse();
        assertThat(settings.credentials()).isEqualTo(new S3Credentials.DefaultChain());
        assertThat(settings.presignedRedirects()).isFalse();
        assertThat(settings.partSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(settings.checksums()).isTrue();
        assertThat(settings.retry()).isEqualTo(S3Retry.DEFAULT);
    }

    @Test
    void prefix_surroundingSlashes_removed() {
        assertThat(S3Settings.of("b").withPrefix("/berth/prod/").prefix()).isEqualTo("berth/prod");
        assertThat(S3Settings.of("b").withPrefix("///").prefix()).isEmpty();
    }

    @Test
    void prefix_emptyOrDotSegments_rejected() {
        assertThatThrownBy(() -> S3Settings.of("b").withPrefix("a//b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Settings.of("b").withPrefix("a/../b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Settings.of("b").withPrefix(".")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partSize_outsideFiveMebibytesToFiveHundredTwelve_rejected() {
        long mib = 1024 * 1024;
        assertThat(S3Settings.of("b").withPartSize(5 * mib).partSize()).isEqualTo(5 * mib);
        assertThatThrownBy(() -> S3Settings.of("b").withPartSize(5 * mib - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Settings.of("b").withPartSize(513 * mib))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void presignTtl_beyondSevenDaysOrZero_rejected() {
        assertThatThrownBy(() -> S3Settings.of("b").withPresignedRedirects(true, Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Settings.of("b").withPresignedRedirects(true, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpoint_notHttp_rejected() {
        assertThatThrownBy(() -> S3Settings.of("b").withEndpoint(URI.create("ftp://host"), true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(S3Settings.of("b").withEndpoint(URI.create("http://127.0.0.1:9000"), true).endpoint())
                .contains(URI.create("http://127.0.0.1:9000"));
    }

    @Test
    void staticCredentials_toString_hidesTheSecret() {
        S3Settings settings = S3Settings.of("b").withStaticCredentials("AKIDEXAMPLE", "very-secret-key");

        assertThat(settings.toString()).contains("AKIDEXAMPLE").doesNotContain("very-secret-key");
    }

    @Test
    void retry_zeroAttemptsOrDelays_rejected() {
        assertThatThrownBy(() -> new S3Retry(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new S3Retry(3, Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
