package dev.berth.auth;

/** A user with the bcrypt hash their password is checked against. */
public record UserLogin(User user, String passwordHash) {
}
