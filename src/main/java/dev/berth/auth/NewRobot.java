package dev.berth.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A robot to create with {@code role} in each of {@code namespaces} (which must exist).
 *
 * @param expiresAt empty: the robot never expires
 */
public record NewRobot(String name, List<String> namespaces, Role role, Optional<Instant> expiresAt,
                       String description) {
    public NewRobot {
        namespaces = List.copyOf(namespaces);
    }
}
