package dev.berth.auth.adminapi;

import dev.berth.auth.Secret;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON object of an admin request, read field by field; a missing or mistyped field is {@code BAD_REQUEST}. */
final class JsonBody {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    static JsonBody parse(byte[] body) {
        if (body.length == 0) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST, "this request needs a JSON object body");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST, "the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST, "the body must be a JSON object");
        }
        return new JsonBody(root);
    }

    String string(String field) {
        return optionalString(field).orElseThrow(() -> missing(field, "a string"));
    }

    Optional<String> optionalString(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw mistyped(field, "a string");
        }
        return Optional.of(node.stringValue());
    }

    /** A password or secret field: kept as a {@link Secret} so it never prints. */
    Secret secret(String field) {
        return new Secret(string(field));
    }

    boolean bool(String field) {
        return optionalBool(field).orElseThrow(() -> missing(field, "true or false"));
    }

    Optional<Boolean> optionalBool(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw mistyped(field, "true or false");
        }
        return Optional.of(node.booleanValue());
    }

    List<String> strings(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw mistyped(field, "a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node.values()) {
            if (!item.isString()) {
                throw mistyped(field, "a list of strings");
            }
            values.add(item.stringValue());
        }
        return values;
    }

    /**
     * An expiry: {@code expires_at} (RFC 3339, e.g. {@code 2027-01-31T00:00:00Z}) or {@code expires_in} (seconds
     * from {@code now}); empty when neither is given.
     */
    Optional<Instant> expiry(Instant now) {
        Optional<String> at = optionalString("expires_at");
        JsonNode in = root.get("expires_in");
        if (at.isPresent() && in != null && !in.isNull()) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST, "give expires_at or expires_in, not both");
        }
        if (at.isPresent()) {
            try {
                return Optional.of(Instant.parse(at.get()));
            } catch (DateTimeParseException e) {
                throw mistyped("expires_at", "an RFC 3339 time such as 2027-01-31T00:00:00Z");
            }
        }
        if (in == null || in.isNull()) {
            return Optional.empty();
        }
        if (!in.isIntegralNumber() || in.longValue() <= 0) {
            throw mistyped("expires_in", "a positive number of seconds");
        }
        return Optional.of(now.plusSeconds(in.longValue()));
    }

    private static RegistryException missing(String field, String kind) {
        return RegistryException.withDetail(ErrorCode.BAD_REQUEST, "field '" + field + "' is required (" + kind + ")",
                field);
    }

    private static RegistryException mistyped(String field, String kind) {
        return RegistryException.withDetail(ErrorCode.BAD_REQUEST, "field '" + field + "' must be " + kind, field);
    }
}
