package dev.berth.registry.manifest;

import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.MediaTypes;
import dev.berth.domain.RegistryException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the structure of an image manifest or index (OCI image spec; Docker schema 2 and manifest list) to validate
 * it and index its references. It validates structure, not vocabulary: unknown fields, artifact types, config and
 * layer media types are accepted. Schema 1 is rejected.
 */
public final class ManifestParser {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ManifestParser() {
    }

    /**
     * @param contentType the request's Content-Type without parameters, or empty when the client sent none
     */
    public static ParsedManifest parse(byte[] content, Optional<String> contentType) {
        JsonNode root = readTree(content);
        if (!root.isObject()) {
            throw invalid("manifest must be a JSON object");
        }
        JsonNode schemaVersion = root.path("schemaVersion");
        if (!schemaVersion.isIntegralNumber() || schemaVersion.asLong() != 2) {
            throw invalid("schemaVersion must be 2 (schema 1 manifests are not supported)");
        }
        String mediaType = mediaTypeOf(root, contentType);
        Optional<String> artifactType = optionalString(root, "artifactType");
        Optional<Descriptor> subject = root.has("subject")
                ? Optional.of(descriptor(root.get("subject"), "subject")) : Optional.empty();
        Map<String, String> annotations = annotations(root.path("annotations"), "annotations");
        if (MediaTypes.isIndex(mediaType)) {
            List<Descriptor> children = descriptors(root, "manifests", true);
            return new ParsedManifest(mediaType, artifactType, Optional.empty(), List.of(), children, subject,
                    annotations);
        }
        if (!root.has("config")) {
            throw invalid("image manifest needs a config descriptor");
        }
        Descriptor config = descriptor(root.get("config"), "config");
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(config);
        blobs.addAll(descriptors(root, "layers", MediaTypes.DOCKER_MANIFEST.equals(mediaType)));
        return new ParsedManifest(mediaType, artifactType, Optional.of(config), blobs, List.of(), subject, annotations);
    }

    private static JsonNode readTree(byte[] content) {
        try {
            return JSON.readTree(content);
        } catch (JacksonException e) {
            throw invalid("manifest is not valid JSON");
        }
    }

    /**
     * The manifest's media type: its {@code mediaType} field, which must agree with Content-Type when both are
     * present (OCI image spec: clients must reject a mismatch, so must we); else the Content-Type; else inferred.
     */
    private static String mediaTypeOf(JsonNode root, Optional<String> contentType) {
        Optional<String> declared = optionalString(root, "mediaType");
        Optional<String> header = contentType.filter(MediaTypes::isManifest);
        if (declared.isPresent()) {
            String type = declared.get();
            if (MediaTypes.DOCKER_SCHEMA1.equals(type) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(type)) {
                throw invalid("schema 1 manifests are not supported");
            }
            if (!MediaTypes.isManifest(type)) {
                throw invalid("unsupported manifest media type " + type);
            }
            if (contentType.isPresent() && MediaTypes.isManifest(contentType.get()) && !contentType.get().equals(type)) {
                throw invalid("Content-Type " + contentType.get() + " does not match the manifest's mediaType " + type);
            }
            return type;
        }
        if (contentType.isPresent() && (MediaTypes.DOCKER_SCHEMA1.equals(contentType.get())
                || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(contentType.get()))) {
            throw invalid("schema 1 manifests are not supported");
        }
        if (header.isPresent()) {
            return header.get();
        }
        if (root.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (root.has("config")) {
            return MediaTypes.OCI_MANIFEST;
        }
        throw invalid("cannot tell the manifest's media type");
    }

    private static List<Descriptor> descriptors(JsonNode root, String field, boolean required) {
        JsonNode array = root.path(field);
        if (array.isMissingNode() || array.isNull()) {
            if (required) {
                throw invalid("manifest needs a " + field + " array");
            }
            return List.of();
        }
        if (!array.isArray()) {
            throw invalid(field + " must be an array");
        }
        List<Descriptor> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            result.add(descriptor(array.get(i), field + "[" + i + "]"));
        }
        return result;
    }

    private static Descriptor descriptor(JsonNode node, String where) {
        if (!node.isObject()) {
            throw invalid(where + " must be a descriptor object");
        }
        String mediaType = optionalString(node, "mediaType")
                .orElseThrow(() -> invalid(where + ".mediaType is required"));
        String digestText = optionalString(node, "digest").orElseThrow(() -> invalid(where + ".digest is required"));
        Digest digest = Digest.tryParse(digestText).orElseThrow(
                () -> RegistryException.withDetail(ErrorCode.MANIFEST_INVALID, where + ".digest is invalid", digestText));
        JsonNode size = node.path("size");
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw invalid(where + ".size must be a non-negative integer");
        }
        List<String> urls = new ArrayList<>();
        JsonNode urlNode = node.path("urls");
        if (urlNode.isArray()) {
            for (JsonNode u : urlNode) {
                if (!u.isString()) {
                    throw invalid(where + ".urls must hold strings");
                }
                urls.add(u.stringValue());
            }
        }
        annotations(node.path("annotations"), where + ".annotations");
        return new Descriptor(mediaType, digest, size.asLong(), optionalString(node, "artifactType"), urls);
    }

    private static Map<String, String> annotations(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid(where + " must be an object of strings");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                throw invalid(where + " values must be strings");
            }
            result.put(e.getKey(), e.getValue().stringValue());
        }
        return result;
    }

    private static Optional<String> optionalString(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw invalid(field + " must be a string");
        }
        return Optional.of(value.stringValue());
    }

    private static RegistryException invalid(String message) {
        return RegistryException.of(ErrorCode.MANIFEST_INVALID, message);
    }
}
