package dev.berth.config;

import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a configuration back out as YAML, every key with its effective value. The output is itself a valid
 * configuration file that loads to the same configuration, except that secrets (passwords, keys) that are set are
 * written as {@link Secret#MASK}.
 */
public final class EffectiveConfig {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private EffectiveConfig() {
    }

    public static String toYaml(BerthConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            Object effective = key.effectiveValue(config);
            Object value = key.secret() && effective != null ? Secret.MASK : effective;
            key.section().ifPresentOrElse(
                    section -> sectionOf(root, section).put(key.localName(), value),
                    () -> root.put(key.key(), value));
        }
        return MAPPER.writeValueAsString(root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sectionOf(Map<String, Object> root, String section) {
        return (Map<String, Object>) root.computeIfAbsent(section, name -> new LinkedHashMap<String, Object>());
    }
}
