package dev.berth.auth;

import java.util.List;

/**
 * Administration of identities and permissions, shared by the CLI and the admin HTTP API. Every method checks that
 * the {@link Actor} may do it and writes an {@link AuditEvent} for every change and every refused change; failures
 * are {@link dev.berth.domain.RegistryException}s:
 * {@code DENIED} (403) when the actor lacks the permission, {@code NOT_FOUND} (404) for an unknown user, robot,
 * token, namespace, member or rule (for robots, tokens and rules only registry admins hear 404; others get the 403
 * an existing one they may not manage would give), {@code BAD_REQUEST} (400) for invalid input (a malformed name, an expiry in the
 * past, an empty password, the last enabled registry admin demoted), {@code BAD_REQUEST} with status 409 for a
 * duplicate (user, robot, namespace, rule).
 *
 * <p>Who may do what: registry admins everything. A namespace's admins may grant and revoke its members, mark it
 * public or private, add and remove rules whose pattern lies inside it, create robots scoped only to namespaces they
 * administer, and revoke those robots. Every user may list, create and revoke their own personal access tokens and
 * change their own password. Listing users, namespaces and the audit log needs a registry admin; listing a
 * namespace's members needs its admin role.
 *
 * <p>Names: users {@code [A-Za-z0-9][A-Za-z0-9._@-]{0,63}}; robots the same without {@code @}, authenticating as
 * {@code robot$<name>}; namespaces are repository-name prefixes ({@code team-a}, {@code team-a/tools}).
 */
public interface AccessAdmin {

    // Users.

    User addUser(Actor actor, NewUser user);

    /** Every user, by name. */
    List<User> users(Actor actor);

    /** Removes the user, their tokens, memberships and rules naming them. */
    void removeUser(Actor actor, String name);

    void setPassword(Actor actor, String name, Secret password);

    /** Grants ({@code true}) or takes away the registry admin role. The last enabled admin cannot lose it. */
    void setAdmin(Actor actor, String name, boolean admin);

    /** A disabled user (and their tokens) cannot authenticate; nothing else changes. */
    void setDisabled(Actor actor, String name, boolean disabled);

    // Robot accounts.

    /** Creates the robot with its memberships; the returned secret is never available again. */
    IssuedRobot createRobot(Actor actor, NewRobot robot);

    /** The robots the actor administers (all of them for a registry admin), revoked ones included, by name. */
    List<Robot> robots(Actor actor);

    /** The robot stops authenticating at once; its row stays for the audit trail. */
    void revokeRobot(Actor actor, String name);

    // Personal access tokens.

    /** Creates a token for {@code token.user()} (the actor themself, or anyone for a registry admin). */
    IssuedToken createToken(Actor actor, NewToken token);

    /** The tokens of {@code user}, revoked and expired ones included, newest first. */
    List<AccessToken> tokens(Actor actor, String user);

    /** Every token of every user (registry admins), newest first. */
    List<AccessToken> allTokens(Actor actor);

    void revokeToken(Actor actor, String tokenId);

    // Namespaces and members.

    Namespace createNamespace(Actor actor, String name, boolean isPublic);

    /** Deletes the namespace with its memberships; its repositories fall to the next enclosing namespace. */
    void removeNamespace(Actor actor, String name);

    List<Namespace> namespaces(Actor actor);

    void setPublic(Actor actor, String namespace, boolean isPublic);

    /** Gives {@code member} (a user or {@code robot$<name>}) {@code role} in the namespace, replacing its role. */
    Member grant(Actor actor, String namespace, String member, Role role);

    void revoke(Actor actor, String namespace, String member);

    /** The namespace's members, by name. */
    List<Member> members(Actor actor, String namespace);

    // Repository rules.

    RepositoryRule addRule(Actor actor, NewRule rule);

    /** Every rule, by id (registry admins) or the rules inside the namespaces the actor administers. */
    List<RepositoryRule> rules(Actor actor);

    void removeRule(Actor actor, long id);

    // Audit log.

    /** Registry admins only. */
    List<AuditEvent> auditEvents(Actor actor, AuditQuery query);
}
