package dev.berth.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operations of one identity-store transaction. Plain data access: names are not validated and permissions
 * not checked here ({@link AccessAdmin} does both). Lists are in bytewise name order unless said otherwise.
 */
public interface IdentityTx {

    // Users.

    /** False when a user of that name exists. */
    boolean insertUser(User user, String passwordHash);

    Optional<User> user(String name);

    Optional<UserLogin> userLogin(String name);

    List<User> users();

    /** Deletes the user with their tokens, memberships and the rules naming them; false when there was none. */
    boolean deleteUser(String name);

    boolean updatePasswordHash(String name, String passwordHash);

    boolean updateAdmin(String name, boolean admin);

    boolean updateDisabled(String name, boolean disabled);

    /** Users who are registry admins and not disabled. */
    int countEnabledAdmins();

    // Robots.

    /** False when a robot of that name exists (revoked robots keep their name). */
    boolean insertRobot(Robot robot, byte[] secretHash);

    Optional<Robot> robot(String name);

    Optional<RobotLogin> robotLogin(String name);

    List<Robot> robots();

    /** Sets {@code revokedAt} unless already revoked; false when there is no such unrevoked robot. */
    boolean revokeRobot(String name, Instant at);

    void markRobotUsed(String name, Instant at);

    // Personal access tokens.

    /** False when the id is taken. */
    boolean insertToken(AccessToken token, byte[] secretHash);

    Optional<AccessToken> token(String id);

    Optional<TokenLogin> tokenLogin(String id);

    /** Newest first. */
    List<AccessToken> tokensOf(String user);

    /** Every token, newest first. */
    List<AccessToken> tokens();

    /** Sets {@code revokedAt} unless already revoked; false when there is no such unrevoked token. */
    boolean revokeToken(String id, Instant at);

    void markTokenUsed(String id, Instant at);

    // Namespaces and memberships.

    /** False when it exists. */
    boolean insertNamespace(Namespace namespace);

    /** Deletes it with its memberships; false when there was none. */
    boolean deleteNamespace(String name);

    Optional<Namespace> namespace(String name);

    List<Namespace> namespaces();

    boolean updatePublic(String name, boolean isPublic);

    /** Inserts the membership or replaces the member's role; the namespace must exist. */
    void putMember(Member member);

    boolean deleteMember(String namespace, String member);

    /** The namespace's members by member name. */
    List<Member> members(String namespace);

    /** Every membership, by namespace then member. */
    List<Member> memberships();

    /** The memberships of one user or {@code robot$<name>}, by namespace. */
    List<Member> membershipsOf(String member);

    // Repository rules.

    /** Empty when a rule with the same pattern and subject exists. */
    Optional<RepositoryRule> insertRule(NewRule rule, String createdBy, Instant at);

    Optional<RepositoryRule> rule(long id);

    boolean deleteRule(long id);

    /** By id. */
    List<RepositoryRule> rules();

    // Audit log.

    AuditEvent appendAudit(Instant at, String actor, String action, String target, String address,
                           AuditEvent.Outcome outcome, String detail);

    /** Newest first. */
    List<AuditEvent> auditEvents(AuditQuery query);
}
