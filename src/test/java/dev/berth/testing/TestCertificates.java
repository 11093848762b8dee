package dev.berth.testing;

import dev.berth.http.tls.Pem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for tests, made with the JDK's keytool (no openssl needed) and written as PEM files the
 * way certbot or openssl would write them.
 */
public final class TestCertificates {
    private TestCertificates() {
    }

    /** A certificate for CN={@code name} with SAN IP 127.0.0.1 and DNS localhost, and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        public String certificatePem() {
            try {
                return Pem.encode("CERTIFICATE", certificate.getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }

        public String keyPem() {
            return Pem.encode("PRIVATE KEY", key.getEncoded());
        }

        public void writeTo(Path certificateFile, Path keyFile) throws IOException {
            Files.writeString(certificateFile, certificatePem());
            Files.writeString(keyFile, keyPem());
        }
    }

    /** Runs keytool; {@code algorithm} is {@code EC} or {@code RSA}. */
    public static Issued selfSigned(Path workDir, String name, String algorithm) throws Exception {
        Path store = workDir.resolve(name + "-" + System.nanoTime() + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "test", "-keyalg", algorithm,
                "-keysize", algorithm.equals("EC") ? "256" : "2048", "-dname", "CN=" + name,
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit"))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        return new Issued((X509Certificate) keyStore.getCertificate("test"),
                (PrivateKey) keyStore.getKey("test", "changeit".toCharArray()));
    }
}
