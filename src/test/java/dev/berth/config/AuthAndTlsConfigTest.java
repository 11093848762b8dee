package dev.berth.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AuthAndTlsConfigTest {

    @Test
    void defaults_authOffAndPlainHttp() {
        BerthConfig config = BerthConfig.defaults();

        assertThat(config.auth().mode()).isEqualTo(AuthMode.NONE);
        assertThat(config.auth().enabled()).isFalse();
        assertThat(config.auth().tokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.auth().tokenKeyDir()).isEqualTo(config.dataDir().resolve("token-keys"));
        assertThat(config.tls().enabled()).isFalse();
    }

    @Test
    void flagsAndEnvironment_setModeFilesAndRealm() {
        BerthConfig config = new ConfigLoader(Map.of("BERTH_AUTH_TOKEN_REALM", "https://auth.example/token"))
                .load(Optional.empty(), Map.of("auth.mode", "token", "tls.cert", "/etc/c.pem", "tls.key", "/etc/k.pem",
                        "auth.htpasswd", "/etc/htpasswd"));

        assertThat(config.auth().mode()).isEqualTo(AuthMode.TOKEN);
        assertThat(config.auth().tokenRealm()).contains(URI.create("https://auth.example/token"));
        assertThat(config.auth().htpasswd()).contains(Path.of("/etc/htpasswd"));
        assertThat(config.tls().certificate()).contains(Path.of("/etc/c.pem"));
        assertThat(config.tls().enabled()).isTrue();
    }

    @Test
    void halfConfiguredPairs_andTooShortTokens_areErrors() {
        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of())
                .load(Optional.empty(), Map.of("tls.cert", "/c.pem", "auth.trusted-issuer", "keycloak",
                        "auth.token-ttl", "30s", "auth.token-service", "my service", "auth.mode", "ldap")));

        assertThat(String.join("\n", failure.errors()))
                .contains("tls.cert and tls.key must be set together")
                .contains("auth.trusted-issuer and auth.trusted-keys must be set together")
                .contains("auth.token-ttl: '30s' must be between 1m and 24h")
                .contains("auth.token-service: 'my service' must be printable ASCII")
                .contains("auth.mode: 'ldap' is not one of: none, basic, token");
    }

    @Test
    void effectiveConfig_withAuth_loadsBackToTheSame() throws Exception {
        BerthConfig config = new ConfigLoader(Map.of()).load(Optional.empty(),
                Map.of("auth.mode", "basic", "auth.trusted-issuer", "idp", "auth.trusted-keys", "/keys.jwks"));
        Path file = java.nio.file.Files.createTempFile("berth", ".yaml");
        try {
            java.nio.file.Files.writeString(file, EffectiveConfig.toYaml(config));
            assertThat(new ConfigLoader(Map.of()).load(Optional.of(file), Map.of())).isEqualTo(config);
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
