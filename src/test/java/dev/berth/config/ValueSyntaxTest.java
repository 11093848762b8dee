package dev.berth.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ValueSyntaxTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "168h, 604800000", "1d, 86400000", "1h30m, 5400000",
            "0s, 0", "' 2s ', 2000"})
    void durationParse_validText_givesMillis(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "1.5s", "-1s", "10 s", "1w", "PT10S", "10S"})
    void durationParse_invalidText_isRejected(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text)).withMessageContaining("is not a duration");
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "1500, 1500ms", "90000, 90s", "300000, 5m", "604800000, 168h", "86400000, 24h"})
    void durationFormat_givesLargestExactUnitUpToHours(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"4194304, 4194304", "4MiB, 4194304", "4mib, 4194304", "512KiB, 524288", "1GiB, 1073741824",
            "2KB, 2000", "3MB, 3000000", "1GB, 1000000000", "7B, 7", "'4 MiB', 4194304"})
    void sizeParse_validText_givesBytes(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "4.5MiB", "-1", "4TiB", "4 MiB B", "0x10"})
    void sizeParse_invalidText_isRejected(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ByteSizes.parse(text)).withMessageContaining("is not a size");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1000, 1000", "1024, 1KiB", "16384, 16KiB", "4194304, 4MiB", "1073741824, 1GiB",
            "1049600, 1025KiB"})
    void sizeFormat_givesLargestExactBinaryUnit(long bytes, String text) {
        assertThat(ByteSizes.format(bytes)).isEqualTo(text);
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:5000    | 127.0.0.1    | 5000 | 127.0.0.1:5000",
            "localhost:0       | localhost    | 0    | localhost:0",
            "[::1]:5000        | ::1          | 5000 | [::1]:5000",
            "[::]:443          | ::           | 443  | [::]:443",
            "[fe80::1%eth0]:80 | fe80::1%eth0 | 80   | [fe80::1%eth0]:80",
            "registry.lan:5000 | registry.lan | 5000 | registry.lan:5000"})
    void listenParse_validText_givesHostPortAndRoundTrips(String text, String host, int port, String written) {
        ListenAddress address = ListenAddress.parse(text);

        assertThat(address).isEqualTo(new ListenAddress(host, port));
        assertThat(address.toString()).isEqualTo(written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":5000", "127.0.0.1", "::1:5000", "[::1]", "host:port", "a b:1", "h:123456"})
    void listenParse_invalidText_isRejected(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ListenAddress.parse(text));
    }

    @Test
    void listen_portOutOfRange_isRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> ListenAddress.parse("127.0.0.1:65536"))
                .withMessageContaining("outside 0-65535");
    }
}
