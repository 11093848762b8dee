package dev.berth.interop;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.berth.testing.RegistryExtension;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real client in the build (issue 2, "Tests"): jib-core pushes images to Berth over plain HTTP (after its TLS
 * attempt gets the 400 status line), pulls them back, and builds on a base image from another repository, which
 * it mounts across repositories.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JibInteropTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    /** Its blob store counts uploads, so a test can tell a cross-repository mount from an upload. */
    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.start()
            .withBlobStore(dataDir -> new CountingBlobStore(TestRegistry.fileStore(dataDir)));

    @Test
    void jibPushesTwoLayerImage_digestItReportsIsTheOneBerthServes() throws Exception {
        JibContainer pushed = twoLayers(Jib.fromScratch(), "push").setFormat(ImageFormat.Docker)
                .containerize(containerizer(RegistryImage.named(image("jib/app:1.0"))));

        HttpResponse<byte[]> manifest = get("/v2/jib/app/manifests/1.0",
                "Accept", "application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(pushed.getDigest().toString());
        assertThat(manifest.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.docker.distribution.manifest.v2+json");
        JsonNode parsed = JSON.readTree(manifest.body());
        assertThat(parsed.get("config").get("digest").asString()).isEqualTo(pushed.getImageId().toString());
        assertThat(parsed.get("layers")).hasSize(2);
        for (JsonNode layer : parsed.get("layers")) {
            HttpResponse<byte[]> blob = get("/v2/jib/app/blobs/" + layer.get("digest").asString());
            assertThat(blob.statusCode()).isEqualTo(200);
            assertThat(blob.body()).hasSize(layer.get("size").asInt());
        }
    }

    @Test
    void jibPullsWhatItPushed_imageTarHoldsTheServedLayers() throws Exception {
        JibContainer pushed = twoLayers(Jib.fromScratch(), "pull").setFormat(ImageFormat.OCI)
                .containerize(containerizer(RegistryImage.named(image("jib/pulled:latest"))));
        Path tar = dir.resolve("pulled.tar");

        JibContainer rebuilt = Jib.from(RegistryImage.named(image("jib/pulled@" + pushed.getDigest())))
                .setCreationTime(Instant.EPOCH)
                .containerize(containerizer(TarImage.at(tar).named("pulled:copy")));

        HttpResponse<byte[]> manifest = get("/v2/jib/pulled/manifests/latest",
                "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(pushed.getDigest().toString());
        assertThat(manifest.headers().firstValue("Content-Type")).hasValue("application/vnd.oci.image.manifest.v1+json");
        assertThat(rebuilt.getImageId()).isEqualTo(pushed.getImageId());
        List<String> entries = TarEntries.names(tar);
        for (JsonNode layer : JSON.readTree(manifest.body()).get("layers")) {
            String hex = layer.get("digest").asString().substring("sha256:".length());
            assertThat(entries).anyMatch(name -> name.contains(hex));
        }
    }

    @Test
    void derivedImageInOtherRepository_baseLayersMountedAndPullableThere() throws Exception {
        JibContainer base = twoLayers(Jib.fromScratch(), "base")
                .containerize(containerizer(RegistryImage.named(image("team-a/base:1"))));
        Path extra = Files.writeString(dir.resolve("derived.txt"), "derived layer " + System.nanoTime());
        int uploadsBefore = uploadsCreated();

        JibContainer derived = Jib.from(RegistryImage.named(image("team-a/base@" + base.getDigest())))
                .addLayer(List.of(extra), AbsoluteUnixPath.get("/derived"))
                .containerize(containerizer(RegistryImage.named(image("team-b/derived:1"))));

        assertThat(uploadsCreated() - uploadsBefore)
                .as("uploads for the derived image: its own layer and config; the base layers are mounted")
                .isEqualTo(2);
        List<String> baseLayers = layerDigests("team-a/base", base.getDigest().toString());
        List<String> derivedLayers = layerDigests("team-b/derived", "1");
        assertThat(derivedLayers).hasSize(3).startsWith(baseLayers.toArray(String[]::new));
        for (String layer : derivedLayers) {
            assertThat(head("/v2/team-b/derived/blobs/" + layer).statusCode()).as(layer).isEqualTo(200);
        }
        assertThat(get("/v2/team-b/derived/manifests/1").headers().firstValue("Docker-Content-Digest"))
                .hasValue(derived.getDigest().toString());
        assertThat(head("/v2/team-a/base/blobs/" + derivedLayers.get(2)).statusCode())
                .as("the derived layer stays out of the base repository").isEqualTo(404);
    }

    /** Two layers of fresh files: {@code /app/<name>.txt} and {@code /app/lib/<name>.bin}. */
    private static JibContainerBuilder twoLayers(JibContainerBuilder builder, String name) throws Exception {
        Path text = Files.writeString(dir.resolve(name + ".txt"), "hello from " + name + " " + System.nanoTime());
        byte[] binary = new byte[64 * 1024];
        new java.util.Random(name.hashCode()).nextBytes(binary);
        Path bin = Files.write(dir.resolve(name + ".bin"), binary);
        return builder.addLayer(List.of(text), AbsoluteUnixPath.get("/app"))
                .addLayer(List.of(bin), AbsoluteUnixPath.get("/app/lib"))
                .setEntrypoint("/app/" + name + ".txt");
    }

    private static Containerizer containerizer(RegistryImage target) {
        return configure(Containerizer.to(target));
    }

    private static Containerizer containerizer(TarImage target) {
        return configure(Containerizer.to(target));
    }

    private static Containerizer configure(Containerizer containerizer) {
        return containerizer.setAllowInsecureRegistries(true)
                .setBaseImageLayersCache(dir.resolve("jib-cache/base"))
                .setApplicationLayersCache(dir.resolve("jib-cache/app"))
                .setToolName("berth-interop-test");
    }

    private static String image(String repositoryAndReference) {
        return "127.0.0.1:" + registry.port() + "/" + repositoryAndReference;
    }

    private static HttpResponse<byte[]> get(String path, String... headers) {
        return registry.client().get(path, headers);
    }

    private static HttpResponse<byte[]> head(String path) {
        return registry.client().head(path);
    }

    private static int uploadsCreated() {
        return ((CountingBlobStore) registry.store()).uploadsCreated();
    }

    private static List<String> layerDigests(String repository, String reference) {
        HttpResponse<byte[]> r = get("/v2/" + repository + "/manifests/" + reference, "Accept",
                "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        List<String> digests = new ArrayList<>();
        for (JsonNode layer : JSON.readTree(r.body()).get("layers")) {
            digests.add(layer.get("digest").asString());
        }
        return digests;
    }
}
