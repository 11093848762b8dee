package dev.berth.config;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigKeyTest {

    @Test
    void environmentVariable_dottedDashedKey_isUpperCaseWithUnderscores() {
        assertThat(ConfigKey.SERVER_LISTEN.environmentVariable()).isEqualTo("BERTH_SERVER_LISTEN");
        assertThat(ConfigKey.REGISTRY_REQUIRE_INDEX_CHILDREN.environmentVariable())
                .isEqualTo("BERTH_REGISTRY_REQUIRE_INDEX_CHILDREN");
        assertThat(ConfigKey.DATA_DIR.environmentVariable()).isEqualTo("BERTH_DATA_DIR");
    }

    @Test
    void keys_allLowerCaseWithDashes_andUnique() {
        assertThat(ConfigKey.values()).allSatisfy(key -> assertThat(key.key()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)?"));
        assertThat(Arrays.stream(ConfigKey.values()).map(ConfigKey::environmentVariable)).doesNotHaveDuplicates();
    }

    @Test
    void sections_areTheDocumentedOnes() {
        assertThat(ConfigKey.sections()).containsExactly("server", "tls", "auth", "storage", "s3", "metadata", "registry", "uploads", "log");
        assertThat(ConfigKey.SERVER_LISTEN.section()).contains("server");
        assertThat(ConfigKey.SERVER_LISTEN.localName()).isEqualTo("listen");
        assertThat(ConfigKey.DATA_DIR.section()).isEmpty();
    }
}
