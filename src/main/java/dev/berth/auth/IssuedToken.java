package dev.berth.auth;

/** A newly created personal access token and its secret: shown once, only its hash is stored. */
public record IssuedToken(AccessToken token, Secret secret) {
}
