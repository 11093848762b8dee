package dev.berth.auth;

/**
 * A role held in a namespace.
 *
 * @param member a user name, or a robot's principal name {@code robot$<name>}
 */
public record Member(String namespace, String member, Role role) {
}
