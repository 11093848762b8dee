package dev.berth.auth;

import java.util.Optional;

/**
 * Which audit events to list: the newest first, at most {@code limit}, older than event {@code beforeId} when given
 * (to page), only those of {@code action} or {@code actor} when given.
 */
public record AuditQuery(int limit, Optional<Long> beforeId, Optional<String> action, Optional<String> actor) {

    public static AuditQuery latest(int limit) {
        return new AuditQuery(limit, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
