package dev.berth.config;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML configuration file into dotted keys: {@code server: {listen: x}} becomes {@code server.listen = x}.
 * Scalars become their text; a null value ({@code key:} or {@code key: ~}) leaves the key at its default.
 * Lists, duplicate keys and syntax errors are reported as errors.
 */
final class YamlConfigFile {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> YAML_NULLS = Set.of("~", "null", "Null", "NULL");

    private YamlConfigFile() {
    }

    static void read(Path file, RawConfig into) {
        String origin = "file " + file;
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            into.error("configuration file " + file + " does not exist");
            return;
        } catch (IOException e) {
            into.error("configuration file " + file + " cannot be read: " + e.getMessage());
            return;
        } catch (JacksonException e) {
            into.error("configuration file " + file + " is not valid YAML: " + e.getOriginalMessage()
                    + location(e));
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            into.error("configuration file " + file + " must hold a mapping of sections, not a " + root.getNodeType());
            return;
        }
        flatten("", root, origin, into);
    }

    private static void flatten(String prefix, JsonNode node, String origin, RawConfig into) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, origin, into);
            } else if (value.isArray()) {
                into.error("'" + key + "' must be a single value, not a list (" + origin + ")");
            } else if (isYamlNull(value)) {
                into.leaveUnset(key, origin);
            } else {
                into.put(key, value.asString(), origin);
            }
        }
    }

    /** YAML 1.2's null spellings; the parser turns only an empty value and {@code null} into a null node. */
    private static boolean isYamlNull(JsonNode value) {
        return value.isNull() || (value.isString() && YAML_NULLS.contains(value.asString()));
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
