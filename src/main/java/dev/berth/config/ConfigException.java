package dev.berth.config;

import java.util.List;

/**
 * The configuration is invalid. Holds every problem found, so an operator fixes them all in one go. Thrown only
 * at start-up, before the registry serves anything, hence separate from the registry's protocol errors.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(errors.size() == 1 ? errors.getFirst() : errors.size() + " configuration errors:\n  - "
                + String.join("\n  - ", errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** Every problem, one readable sentence each, in the order found. */
    public List<String> errors() {
        return errors;
    }
}
