package dev.berth.domain;

import java.util.regex.Pattern;

/**
 * A repository name, validated by the OCI Distribution Spec grammar ("Pulling manifests": {@code <name>}):
 * path components of lower-case alphanumerics separated by {@code .}, {@code _}, {@code __} or dashes, joined by
 * {@code /}; at most 255 characters.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
    public static final int MAX_LENGTH = 255;
    private static final Pattern GRAMMAR = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

    public RepositoryName {
        if (!isValid(value)) {
            throw RegistryException.withDetail(ErrorCode.NAME_INVALID, "invalid repository name", value);
        }
    }

    public static boolean isValid(String value) {
        return value.length() <= MAX_LENGTH && GRAMMAR.matcher(value).matches();
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
