package dev.berth.auth;

import java.time.Instant;

/** A user account stored in the database (the password hash never leaves the store). */
public record User(String name, boolean admin, boolean disabled, Instant createdAt) {
}
