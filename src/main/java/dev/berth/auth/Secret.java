package dev.berth.auth;

import java.util.Objects;

/**
 * A password, token or robot secret. {@link #toString()} never shows it, so a secret that ends up in a log line,
 * an exception message or a record's text prints as {@code ****}. Read it with {@link #reveal()} only where it
 * must leave the process (hashing, the one-time display of a new token).
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "****";
    }
}
