package dev.berth.domain;

import java.util.regex.Pattern;

/** A tag, validated by the spec grammar {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
public record Tag(String value) implements Comparable<Tag> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    public Tag {
        if (!isValid(value)) {
            throw RegistryException.withDetail(ErrorCode.TAG_INVALID, "invalid tag", value);
        }
    }

    public static boolean isValid(String value) {
        return GRAMMAR.matcher(value).matches();
    }

    @Override
    public int compareTo(Tag other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
