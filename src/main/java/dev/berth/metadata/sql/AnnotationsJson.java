package dev.berth.metadata.sql;

import dev.berth.domain.RegistryException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.TreeMap;

/** The annotations column: a JSON object of strings, keys sorted so equal maps give equal text. */
final class AnnotationsJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String EMPTY = "{}";

    private AnnotationsJson() {
    }

    static String write(Map<String, String> annotations) {
        return annotations.isEmpty() ? EMPTY : MAPPER.writeValueAsString(new TreeMap<>(annotations));
    }

    static Map<String, String> read(String json) {
        if (EMPTY.equals(json)) {
            return Map.of();
        }
        try {
            return Map.copyOf(MAPPER.readValue(json, STRING_MAP));
        } catch (JacksonException e) {
            throw RegistryException.internal("unreadable annotations in the metadata database", e);
        }
    }
}
