package dev.berth.domain;

import java.util.Set;
import java.util.TreeSet;

/**
 * One resource scope of the Docker token-auth spec ({@code scope.md}): {@code type:name:actions}, for example
 * {@code repository:team-a/app:pull,push} or {@code registry:catalog:*}.
 */
public record Scope(String type, String name, Set<String> actions) {
    public static final String REPOSITORY = "repository";
    public static final String REGISTRY = "registry";
    public static final String PULL = "pull";
    public static final String PUSH = "push";
    public static final String DELETE = "delete";

    public Scope {
        actions = Set.copyOf(actions);
    }

    public static Scope repository(String name, String... actions) {
        return new Scope(REPOSITORY, name, Set.of(actions));
    }

    public static Scope catalog() {
        return new Scope(REGISTRY, "catalog", Set.of("*"));
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", new TreeSet<>(actions));
    }
}
