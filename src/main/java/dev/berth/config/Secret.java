package dev.berth.config;

/**
 * A password or secret key from the configuration. Its {@link #toString()} never shows the value, so a secret that
 * ends up in a log line or an exception message stays hidden; {@link #reveal()} is for the one place that uses it.
 */
public final class Secret {
    /** What is shown instead of a secret, in {@code config check} output and logs. */
    public static final String MASK = "(hidden)";

    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The secret itself, for the client library that needs it. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
