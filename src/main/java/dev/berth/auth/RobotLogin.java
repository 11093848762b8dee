package dev.berth.auth;

/** A robot with the SHA-256 digest of its secret. */
public record RobotLogin(Robot robot, byte[] secretHash) {
}
