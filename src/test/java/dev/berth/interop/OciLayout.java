package dev.berth.interop;

import dev.berth.domain.Digest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small OCI image layout written by hand (image-layout spec: {@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/<hex>}): two gzip layers, a config whose {@code diff_ids} match them, one manifest, one tag.
 */
final class OciLayout {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What was written: the manifest's bytes and digest, and the config and layer digests it names. */
    record Image(byte[] manifest, Digest manifestDigest, Digest config, List<Digest> layers) {
    }

    private OciLayout() {
    }

    /** An image index over per-platform images, as {@code skopeo copy --all} handles it. */
    record MultiPlatform(byte[] index, Digest indexDigest, List<Image> images) {
    }

    /** A layout whose {@code tag} names one image. */
    static Image write(Path layout, String tag, long seed) {
        Image image = writeImage(layout, seed, "amd64");
        writeEntryPoint(layout, tag, MANIFEST_TYPE, image.manifest());
        return image;
    }

    /** A layout whose {@code tag} names an image index over a linux/amd64 and a linux/arm64 image. */
    static MultiPlatform writeMultiPlatform(Path layout, String tag, long seed) {
        Image amd64 = writeImage(layout, seed, "amd64");
        Image arm64 = writeImage(layout, seed + 1, "arm64");
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX_TYPE + "\",\"manifests\":["
                + platformDescriptor(amd64, "amd64") + "," + platformDescriptor(arm64, "arm64") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        writeBlob(layout, index);
        writeEntryPoint(layout, tag, INDEX_TYPE, index);
        return new MultiPlatform(index, Digest.sha256(index), List.of(amd64, arm64));
    }

    private static String platformDescriptor(Image image, String architecture) {
        return "{\"mediaType\":\"" + MANIFEST_TYPE + "\",\"digest\":\"" + image.manifestDigest() + "\",\"size\":"
                + image.manifest().length + ",\"platform\":{\"architecture\":\"" + architecture
                + "\",\"os\":\"linux\"}}";
    }

    /** Writes the blobs of one image (two layers, config, manifest) into the layout. */
    private static Image writeImage(Path layout, long seed, String architecture) {
        byte[] payload = new byte[100 * 1024];
        new Random(seed).nextBytes(payload);
        byte[] greeting = ("hello from layout " + seed + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] tar1 = TarEntries.singleFile("hello.txt", greeting);
        byte[] tar2 = TarEntries.singleFile("data.bin", payload);
        byte[] layer1 = gzip(tar1);
        byte[] layer2 = gzip(tar2);
        byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\","
                + "\"config\":{\"Cmd\":[\"/hello.txt\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(tar1) + "\",\""
                + Digest.sha256(tar2) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", config) + ",\"layers\":["
                + descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer1) + ","
                + descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer2) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : List.of(layer1, layer2, config, manifest)) {
            writeBlob(layout, blob);
        }
        return new Image(manifest, Digest.sha256(manifest), Digest.sha256(config),
                List.of(Digest.sha256(layer1), Digest.sha256(layer2)));
    }

    /** {@code oci-layout} and an {@code index.json} whose one entry, tagged {@code tag}, is {@code target}. */
    private static void writeEntryPoint(Path layout, String tag, String mediaType, byte[] target) {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX_TYPE + "\",\"manifests\":[{"
                + "\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(target) + "\",\"size\":"
                + target.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}";
        try {
            Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            Files.writeString(layout.resolve("index.json"), index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBlob(Path layout, byte[] blob) {
        try {
            Path dir = Files.createDirectories(layout.resolve("blobs/sha256"));
            Files.write(dir.resolve(Digest.sha256(blob).hex()), blob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest digest that {@code index.json} of a layout gives for {@code tag}. */
    static Digest taggedManifest(Path layout, String tag) {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        for (JsonNode entry : index.get("manifests")) {
            JsonNode ref = entry.path("annotations").path("org.opencontainers.image.ref.name");
            if (ref.isString() && ref.asString().equals(tag)) {
                return Digest.parse(entry.get("digest").asString());
            }
        }
        throw new AssertionError("no manifest tagged " + tag + " in " + layout);
    }

    /** Whether the layout holds a blob, with content that hashes to its digest. */
    static boolean holds(Path layout, Digest digest) {
        Path blob = layout.resolve("blobs").resolve(digest.algorithm().id()).resolve(digest.hex());
        try {
            return Files.isRegularFile(blob) && Digest.sha256(Files.readAllBytes(blob)).equals(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(content) + "\",\"size\":"
                + content.length + "}";
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
