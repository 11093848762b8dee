package dev.berth.testing;

import dev.berth.domain.Digest;

import java.nio.charset.StandardCharsets;

/** JSON texts of manifests and indexes for HTTP tests, built by hand so their exact bytes are known. */
public final class TestManifests {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    private TestManifests() {
    }

    /** A descriptor of {@code content} with the given media type. */
    public static String descriptor(String mediaType, byte[] content) {
        return OciClient.descriptor(mediaType, Digest.sha256(content), content.length);
    }

    /** An OCI image manifest over already-rendered descriptors. */
    public static String image(String config, String... layers) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":" + config
                + ",\"layers\":[" + String.join(",", layers) + "]}";
    }

    /** An OCI index over manifests given as (media type, bytes) descriptors already rendered. */
    public static String index(String mediaType, String... manifests) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":["
                + String.join(",", manifests) + "]}";
    }

    /** The descriptor of a manifest inside an index, with a platform. */
    public static String platformDescriptor(String mediaType, byte[] manifest, String architecture) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(manifest) + "\",\"size\":"
                + manifest.length + ",\"platform\":{\"architecture\":\"" + architecture + "\",\"os\":\"linux\"}}";
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Distinct small contents named after {@code seed}, for blobs that must not collide across tests. */
    public static byte[] content(String seed) {
        return utf8("content of " + seed);
    }
}
