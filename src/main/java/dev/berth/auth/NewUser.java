package dev.berth.auth;

/** A user to create: the password is hashed with bcrypt and then forgotten. */
public record NewUser(String name, Secret password, boolean admin) {
}
