package dev.berth.auth;

import java.time.Instant;

/**
 * A group of repositories by path prefix: namespace {@code team-a} holds {@code team-a} and {@code team-a/…}.
 * A repository belongs to the longest namespace that prefixes it ({@code team-a/secret} before {@code team-a}).
 *
 * @param isPublic anyone, anonymous callers included, may pull from it
 */
public record Namespace(String name, boolean isPublic, Instant createdAt) {

    /** True when {@code repository} is this namespace or lies under it. */
    public boolean contains(String repository) {
        return repository.equals(name) || repository.startsWith(name + "/");
    }
}
