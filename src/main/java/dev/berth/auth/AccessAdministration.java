package dev.berth.auth;

import java.util.List;

/**
 * {@link AccessAdmin} on an {@link IdentityStore}: each area in its own class, the audit log here. Construct it
 * with {@link AccessControl}, which shares the credential cache and the authorizer with it so that changes apply
 * at once on this node.
 */
final class AccessAdministration implements AccessAdmin {
    private final AdminTransactions transactions;
    private final UserAdministration users;
    private final RobotAdministration robots;
    private final TokenAdministration tokens;
    private final NamespaceAdministration namespaces;

    AccessAdministration(AdminTransactions transactions, PasswordHashing passwords, VerifiedCredentials verified,
                         PolicyAuthorizer authorizer) {
        this.transactions = transactions;
        this.users = new UserAdministration(transactions, passwords, verified, authorizer);
        this.robots = new RobotAdministration(transactions, verified, authorizer);
        this.tokens = new TokenAdministration(transactions, verified);
        this.namespaces = new NamespaceAdministration(transactions, authorizer);
    }

    @Override
    public User addUser(Actor actor, NewUser user) {
        return users.add(actor, user);
    }

    @Override
    public List<User> users(Actor actor) {
        return users.list(actor);
    }

    @Override
    public void removeUser(Actor actor, String name) {
        users.remove(actor, name);
    }

    @Override
    public void setPassword(Actor actor, String name, Secret password) {
        users.setPassword(actor, name, password);
    }

    @Override
    public void setAdmin(Actor actor, String name, boolean admin) {
        users.setAdmin(actor, name, admin);
    }

    @Override
    public void setDisabled(Actor actor, String name, boolean disabled) {
        users.setDisabled(actor, name, disabled);
    }

    @Override
    public IssuedRobot createRobot(Actor actor, NewRobot robot) {
        return robots.create(actor, robot);
    }

    @Override
    public List<Robot> robots(Actor actor) {
        return robots.list(actor);
    }

    @Override
    public void revokeRobot(Actor actor, String name) {
        robots.revoke(actor, name);
    }

    @Override
    public IssuedToken createToken(Actor actor, NewToken token) {
        return tokens.create(actor, token);
    }

    @Override
    public List<AccessToken> tokens(Actor actor, String user) {
        return tokens.list(actor, user);
    }

    @Override
    public List<AccessToken> allTokens(Actor actor) {
        return tokens.listAll(actor);
    }

    @Override
    public void revokeToken(Actor actor, String tokenId) {
        tokens.revoke(actor, tokenId);
    }

    @Override
    public Namespace createNamespace(Actor actor, String name, boolean isPublic) {
        return namespaces.create(actor, name, isPublic);
    }

    @Override
    public void removeNamespace(Actor actor, String name) {
        namespaces.remove(actor, name);
    }

    @Override
    public List<Namespace> namespaces(Actor actor) {
        return namespaces.list(actor);
    }

    @Override
    public void setPublic(Actor actor, String namespace, boolean isPublic) {
        namespaces.setPublic(actor, namespace, isPublic);
    }

    @Override
    public Member grant(Actor actor, String namespace, String member, Role role) {
        return namespaces.grant(actor, namespace, member, role);
    }

    @Override
    public void revoke(Actor actor, String namespace, String member) {
        namespaces.revoke(actor, namespace, member);
    }

    @Override
    public List<Member> members(Actor actor, String namespace) {
        return namespaces.members(actor, namespace);
    }

    @Override
    public RepositoryRule addRule(Actor actor, NewRule rule) {
        return namespaces.addRule(actor, rule);
    }

    @Override
    public List<RepositoryRule> rules(Actor actor) {
        return namespaces.rules(actor);
    }

    @Override
    public void removeRule(Actor actor, long id) {
        namespaces.removeRule(actor, id);
    }

    @Override
    public List<AuditEvent> auditEvents(Actor actor, AuditQuery query) {
        return transactions.read(actor, "audit.list", "", tx -> {
            AdminTransactions.requireRegistryAdmin(actor);
            return tx.auditEvents(query);
        });
    }
}
