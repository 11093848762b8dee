package dev.berth.http.tls;

import dev.berth.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PemTest {
    @TempDir
    static Path dir;
    static TestCertificates.Issued rsa;
    static TestCertificates.Issued ec;
    static TestCertificates.Issued otherEc;

    @BeforeAll
    static void makeCertificates() throws Exception {
        rsa = TestCertificates.selfSigned(dir, "rsa", "RSA");
        ec = TestCertificates.selfSigned(dir, "ec", "EC");
        otherEc = TestCertificates.selfSigned(dir, "other", "EC");
    }

    @Test
    void pkcs8Keys_andCertificateChains_parse() throws Exception {
        assertThat(Pem.privateKey(rsa.keyPem())).isInstanceOf(RSAPrivateKey.class);
        assertThat(Pem.privateKey(ec.keyPem())).isInstanceOf(ECPrivateKey.class);
        assertThat(Pem.certificates(rsa.certificatePem() + ec.certificatePem())).hasSize(2);
        assertThat(Pem.publicKeys(ec.certificatePem())).containsExactly(ec.certificate().getPublicKey());
        assertThat(TlsCredentials.parse(rsa.certificatePem(), rsa.keyPem()).subject()).isEqualTo("CN=rsa");
    }

    @Test
    void traditionalOpensslKeys_pkcs1AndSec1_parse() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        String rsa = openssl("genrsa", "-traditional", "2048");
        String ec = openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout");

        assertThat(rsa).contains("BEGIN RSA PRIVATE KEY");
        assertThat(ec).contains("BEGIN EC PRIVATE KEY");
        assertThat(Pem.privateKey(rsa)).isInstanceOf(RSAPrivateKey.class);
        assertThat(Pem.privateKey(ec)).isInstanceOf(ECPrivateKey.class);
    }

    @Test
    void mismatchedOrMissingParts_areRefusedWithoutShowingKeys() throws Exception {
        TestCertificates.Issued one = ec;
        TestCertificates.Issued two = otherEc;

        assertThatThrownBy(() -> TlsCredentials.parse(one.certificatePem(), two.keyPem()))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> TlsCredentials.parse("", one.keyPem())).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> Pem.privateKey(one.certificatePem())).hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> Pem.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n")).hasMessageContaining("encrypted");
        assertThat(TlsCredentials.parse(one.certificatePem(), one.keyPem()).toString())
                .doesNotContain(one.keyPem().lines().skip(1).findFirst().orElseThrow());
    }

    private String openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
