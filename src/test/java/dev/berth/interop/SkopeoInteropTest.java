package dev.berth.interop;

import dev.berth.domain.Digest;
import dev.berth.testing.OciClient;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * skopeo against Berth (issue 2, "Tests": skopeo round trips where installed; {@code .ci/run} installs it). An OCI
 * image layout written by the test is copied in, copied back out, inspected, listed and deleted. Without skopeo
 * the test is skipped, except on CI ({@code CI=true}), where a missing skopeo is a failure.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SkopeoInteropTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static TestRegistry registry;
    static OciClient client;
    static Skopeo skopeo;

    @BeforeAll
    static void start() {
        Optional<Skopeo> found = Skopeo.find(dir.resolve("skopeo-home"));
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("skopeo is not on PATH, but CI=true: .ci/run must install it");
        }
        assumeTrue(found.isPresent(), "skopeo is not installed (apt-get install skopeo)");
        skopeo = found.get();
        registry = TestRegistry.start(dir.resolve("registry"));
        client = new OciClient(registry);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void copyLayoutInAndBackOut_manifestAndBlobsKeepTheirDigests() {
        OciLayout.Image image = OciLayout.write(dir.resolve("src-roundtrip"), "v1", 1);

        skopeo.run("copy", "--dest-tls-verify=false", "oci:" + dir.resolve("src-roundtrip") + ":v1",
                docker("skopeo/roundtrip:v1")).succeeded();

        HttpResponse<byte[]> served = client.get("/v2/skopeo/roundtrip/manifests/v1", "Accept", OciLayout.MANIFEST_TYPE);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Docker-Content-Digest")).hasValue(image.manifestDigest().toString());
        assertThat(served.body()).isEqualTo(image.manifest());

        Path out = dir.resolve("dst-roundtrip");
        skopeo.run("copy", "--src-tls-verify=false", docker("skopeo/roundtrip:v1"), "oci:" + out + ":copied")
                .succeeded();

        assertThat(OciLayout.taggedManifest(out, "copied")).isEqualTo(image.manifestDigest());
        assertThat(OciLayout.holds(out, image.manifestDigest())).isTrue();
        assertThat(OciLayout.holds(out, image.config())).isTrue();
        for (Digest layer : image.layers()) {
            assertThat(OciLayout.holds(out, layer)).as(layer.toString()).isTrue();
        }
    }

    @Test
    void copyAllOfMultiPlatformIndex_inAndOut_indexAndEveryPlatformKeepTheirDigests() {
        OciLayout.MultiPlatform image = OciLayout.writeMultiPlatform(dir.resolve("src-multi"), "v1", 10);

        skopeo.run("copy", "--all", "--dest-tls-verify=false", "oci:" + dir.resolve("src-multi") + ":v1",
                docker("skopeo/multi:v1")).succeeded();

        HttpResponse<byte[]> served = client.get("/v2/skopeo/multi/manifests/v1", "Accept", OciLayout.INDEX_TYPE);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue(OciLayout.INDEX_TYPE);
        assertThat(served.body()).isEqualTo(image.index());
        for (OciLayout.Image platform : image.images()) {
            HttpResponse<byte[]> child = client.get("/v2/skopeo/multi/manifests/" + platform.manifestDigest(),
                    "Accept", OciLayout.MANIFEST_TYPE);
            assertThat(child.body()).isEqualTo(platform.manifest());
        }

        Path out = dir.resolve("dst-multi");
        skopeo.run("copy", "--all", "--src-tls-verify=false", docker("skopeo/multi:v1"), "oci:" + out + ":copied")
                .succeeded();

        assertThat(OciLayout.taggedManifest(out, "copied")).isEqualTo(image.indexDigest());
        for (OciLayout.Image platform : image.images()) {
            assertThat(OciLayout.holds(out, platform.manifestDigest())).isTrue();
            for (Digest layer : platform.layers()) {
                assertThat(OciLayout.holds(out, layer)).as(layer.toString()).isTrue();
            }
        }
    }

    @Test
    void copyConvertedToDockerSchema2_servedWithDockerTypeAndTheDigestSkopeoSees() {
        OciLayout.write(dir.resolve("src-docker"), "v1", 5);

        skopeo.run("copy", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + dir.resolve("src-docker") + ":v1",
                docker("skopeo/docker:v1")).succeeded();

        String dockerType = "application/vnd.docker.distribution.manifest.v2+json";
        HttpResponse<byte[]> served = client.get("/v2/skopeo/docker/manifests/v1", "Accept", dockerType);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue(dockerType);
        String raw = skopeo.run("inspect", "--raw", "--tls-verify=false", docker("skopeo/docker:v1")).succeeded()
                .stdout();
        assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(served.body());
        assertThat(served.headers().firstValue("Docker-Content-Digest"))
                .hasValue(Digest.sha256(served.body()).toString());
    }

    @Test
    void inspectRaw_printsTheStoredManifestByteForByte() {
        OciLayout.Image image = OciLayout.write(dir.resolve("src-inspect"), "v1", 2);
        skopeo.run("copy", "--dest-tls-verify=false", "oci:" + dir.resolve("src-inspect") + ":v1",
                docker("skopeo/inspect:v1")).succeeded();

        String raw = skopeo.run("inspect", "--raw", "--tls-verify=false", docker("skopeo/inspect:v1")).succeeded()
                .stdout();
        JsonNode summary = JSON.readTree(skopeo.run("inspect", "--tls-verify=false", docker("skopeo/inspect:v1"))
                .succeeded().stdout());

        assertThat(Digest.sha256(raw.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(image.manifestDigest());
        assertThat(summary.get("Digest").asString()).isEqualTo(image.manifestDigest().toString());
        assertThat(summary.get("Layers")).hasSize(2);
    }

    @Test
    void listTags_showsEveryTagCopiedIn() {
        OciLayout.write(dir.resolve("src-tags"), "v1", 3);
        for (String tag : new String[] {"v1", "v2", "latest"}) {
            skopeo.run("copy", "--dest-tls-verify=false", "oci:" + dir.resolve("src-tags") + ":v1",
                    docker("skopeo/tags:" + tag)).succeeded();
        }

        JsonNode tags = JSON.readTree(skopeo.run("list-tags", "--tls-verify=false", docker("skopeo/tags"))
                .succeeded().stdout());

        assertThat(tags.get("Tags").valueStream().map(JsonNode::asString)).containsExactly("latest", "v1", "v2");
    }

    @Test
    void delete_removesTheManifestAndItsTag() {
        OciLayout.Image image = OciLayout.write(dir.resolve("src-delete"), "v1", 4);
        skopeo.run("copy", "--dest-tls-verify=false", "oci:" + dir.resolve("src-delete") + ":v1",
                docker("skopeo/delete:v1")).succeeded();

        skopeo.run("delete", "--tls-verify=false", docker("skopeo/delete:v1")).succeeded();

        assertThat(client.get("/v2/skopeo/delete/manifests/" + image.manifestDigest()).statusCode()).isEqualTo(404);
        assertThat(client.get("/v2/skopeo/delete/manifests/v1").statusCode()).isEqualTo(404);
        Skopeo.Run gone = skopeo.run("inspect", "--raw", "--tls-verify=false", docker("skopeo/delete:v1"));
        assertThat(gone.exitCode()).isNotZero();
    }

    private static String docker(String repositoryAndTag) {
        return "docker://127.0.0.1:" + registry.port() + "/" + repositoryAndTag;
    }
}
