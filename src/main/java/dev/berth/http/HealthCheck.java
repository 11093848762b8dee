package dev.berth.http;

/** Readiness: throws a {@link dev.berth.domain.RegistryException} when storage or database cannot be reached. */
@FunctionalInterface
public interface HealthCheck {
    void check();
}
