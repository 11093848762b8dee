package dev.berth.auth;

import java.util.List;

import static dev.berth.auth.AdminTransactions.administers;
import static dev.berth.auth.AdminTransactions.denied;
import static dev.berth.auth.AdminTransactions.duplicate;
import static dev.berth.auth.AdminTransactions.invalid;
import static dev.berth.auth.AdminTransactions.missing;
import static dev.berth.auth.AdminTransactions.notFound;
import static dev.berth.auth.AdminTransactions.requireNamespaceAdmin;
import static dev.berth.auth.AdminTransactions.requireRegistryAdmin;

/**
 * The namespace, membership and repository-rule part of {@link AccessAdmin}. Registry admins create and remove
 * namespaces; a namespace's admins manage its members, its visibility and the rules inside it. Every change
 * refreshes this node's {@link PolicyAuthorizer} at once.
 */
final class NamespaceAdministration {
    private final AdminTransactions transactions;
    private final PolicyAuthorizer authorizer;

    NamespaceAdministration(AdminTransactions transactions, PolicyAuthorizer authorizer) {
        this.transactions = transactions;
        this.authorizer = authorizer;
    }

    Namespace create(Actor actor, String name, boolean isPublic) {
        Namespace created = transactions.change(actor, "namespace.create", name, isPublic ? "public" : "private",
                tx -> {
                    requireRegistryAdmin(actor);
                    IdentityNames.requireNamespace(name);
                    Namespace namespace = new Namespace(name, isPublic, transactions.now());
                    if (!tx.insertNamespace(namespace)) {
                        throw duplicate("namespace " + name);
                    }
                    return namespace;
                });
        authorizer.invalidate();
        return created;
    }

    void remove(Actor actor, String name) {
        transactions.change(actor, "namespace.remove", name, "", tx -> {
            requireRegistryAdmin(actor);
            if (!tx.deleteNamespace(name)) {
                throw notFound("namespace " + name);
            }
            return null;
        });
        authorizer.invalidate();
    }

    List<Namespace> list(Actor actor) {
        return transactions.read(actor, "namespace.list", "", tx -> {
            requireRegistryAdmin(actor);
            return tx.namespaces();
        });
    }

    void setPublic(Actor actor, String name, boolean isPublic) {
        transactions.change(actor, isPublic ? "namespace.public" : "namespace.private", name, "", tx -> {
            requireExisting(tx, name);
            requireNamespaceAdmin(tx, actor, name);
            return tx.updatePublic(name, isPublic);
        });
        authorizer.invalidate();
    }

    Member grant(Actor actor, String namespace, String member, Role role) {
        Member granted = transactions.change(actor, "namespace.grant", namespace, member + " " + role.label(), tx -> {
            requireExisting(tx, namespace);
            requireNamespaceAdmin(tx, actor, namespace);
            IdentityNames.requireMember(member);
            if (role == Role.NONE) {
                throw invalid("role none is not a membership: revoke the member instead");
            }
            if (member.startsWith(Robot.PREFIX) && tx.robot(member.substring(Robot.PREFIX.length())).isEmpty()) {
                throw notFound("robot " + member.substring(Robot.PREFIX.length()));
            }
            Member membership = new Member(namespace, member, role);
            tx.putMember(membership);
            return membership;
        });
        authorizer.invalidate();
        return granted;
    }

    void revoke(Actor actor, String namespace, String member) {
        transactions.change(actor, "namespace.revoke", namespace, member, tx -> {
            requireExisting(tx, namespace);
            requireNamespaceAdmin(tx, actor, namespace);
            if (!tx.deleteMember(namespace, member)) {
                throw notFound(member + " in namespace " + namespace);
            }
            return null;
        });
        authorizer.invalidate();
    }

    List<Member> members(Actor actor, String namespace) {
        return transactions.read(actor, "namespace.members", namespace, tx -> {
            requireExisting(tx, namespace);
            requireNamespaceAdmin(tx, actor, namespace);
            return tx.members(namespace);
        });
    }

    RepositoryRule addRule(Actor actor, NewRule rule) {
        String detail = rule.subject().orElse("everyone") + " " + rule.role().label();
        RepositoryRule added = transactions.change(actor, "rule.add", rule.pattern(), detail, tx -> {
            RepositoryPattern pattern = new RepositoryPattern(rule.pattern());
            rule.subject().ifPresent(IdentityNames::requireMember);
            requireRuleAdmin(tx, actor, pattern);
            return tx.insertRule(rule, actor.auditName(), transactions.now())
                    .orElseThrow(() -> duplicate("a rule for " + rule.subject().orElse("everyone") + " on "
                            + rule.pattern()));
        });
        authorizer.invalidate();
        return added;
    }

    List<RepositoryRule> rules(Actor actor) {
        return transactions.read(actor, "rule.list", "", tx -> tx.rules().stream()
                .filter(rule -> administersPattern(tx, actor, new RepositoryPattern(rule.pattern())))
                .toList());
    }

    void removeRule(Actor actor, long id) {
        transactions.change(actor, "rule.remove", Long.toString(id), "", tx -> {
            RepositoryRule rule = tx.rule(id).orElseThrow(() -> missing(actor, "rule " + id));
            requireRuleAdmin(tx, actor, new RepositoryPattern(rule.pattern()));
            return tx.deleteRule(id);
        });
        authorizer.invalidate();
    }

    private static void requireExisting(IdentityTx tx, String namespace) {
        if (tx.namespace(namespace).isEmpty()) {
            throw notFound("namespace " + namespace);
        }
    }

    private static void requireRuleAdmin(IdentityTx tx, Actor actor, RepositoryPattern pattern) {
        if (!administersPattern(tx, actor, pattern)) {
            throw denied("needs the registry admin role, or the admin role in a namespace that holds every "
                    + "repository " + pattern + " matches");
        }
    }

    /**
     * A registry admin administers every pattern. A namespace admin administers a pattern when the longest
     * namespace holding its literal prefix is theirs, and so is every namespace nested in it that the pattern may
     * reach (rules apply whatever the namespace, so a rule on {@code team-a/*} also touches {@code team-a/secret}).
     */
    private static boolean administersPattern(IdentityTx tx, Actor actor, RepositoryPattern pattern) {
        if (actor.principal().isRegistryAdmin()) {
            return true;
        }
        String prefix = pattern.literalPrefix();
        boolean exact = prefix.equals(pattern.glob());
        List<String> names = tx.namespaces().stream().map(Namespace::name).toList();
        String holder = "";
        for (String name : names) {
            if ((prefix.startsWith(name + "/") || exact && prefix.equals(name)) && name.length() > holder.length()) {
                holder = name;
            }
        }
        if (holder.isEmpty() || !administers(tx, actor, holder)) {
            return false;
        }
        for (String name : names) {
            boolean reachable = (name + "/").startsWith(prefix) || prefix.startsWith(name + "/") || prefix.equals(name);
            if (name.startsWith(holder + "/") && reachable && !administers(tx, actor, name)) {
                return false;
            }
        }
        return true;
    }
}
