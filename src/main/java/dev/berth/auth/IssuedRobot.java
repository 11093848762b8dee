package dev.berth.auth;

/** A newly created robot and its secret: the only time the secret is available (only its hash is stored). */
public record IssuedRobot(Robot robot, Secret secret) {
}
