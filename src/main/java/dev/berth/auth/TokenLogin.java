package dev.berth.auth;

/** A personal access token with the SHA-256 digest of its secret and its owner. */
public record TokenLogin(AccessToken token, byte[] secretHash, User owner) {
}
