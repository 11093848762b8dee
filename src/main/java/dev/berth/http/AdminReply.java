package dev.berth.http;

import java.util.Optional;

/**
 * The answer to an admin API request: a status and, unless it is 204, a value written as JSON (maps, lists,
 * strings, numbers and booleans).
 */
public record AdminReply(int status, Optional<Object> body) {

    public static AdminReply ok(Object body) {
        return new AdminReply(200, Optional.of(body));
    }

    public static AdminReply created(Object body) {
        return new AdminReply(201, Optional.of(body));
    }

    public static AdminReply noContent() {
        return new AdminReply(204, Optional.empty());
    }
}
