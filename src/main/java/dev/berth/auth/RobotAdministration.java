package dev.berth.auth;

import java.util.List;
import java.util.Optional;

import static dev.berth.auth.AdminTransactions.administers;
import static dev.berth.auth.AdminTransactions.denied;
import static dev.berth.auth.AdminTransactions.duplicate;
import static dev.berth.auth.AdminTransactions.invalid;
import static dev.berth.auth.AdminTransactions.missing;
import static dev.berth.auth.AdminTransactions.notFound;

/**
 * The robot part of {@link AccessAdmin}. A robot is administered by registry admins and by whoever administers
 * every namespace it is a member of.
 */
final class RobotAdministration {
    static final int MAX_DESCRIPTION = 200;

    private final AdminTransactions transactions;
    private final VerifiedCredentials verified;
    private final PolicyAuthorizer authorizer;

    RobotAdministration(AdminTransactions transactions, VerifiedCredentials verified, PolicyAuthorizer authorizer) {
        this.transactions = transactions;
        this.verified = verified;
        this.authorizer = authorizer;
    }

    IssuedRobot create(Actor actor, NewRobot request) {
        String secret = TokenFormat.newRobotSecret();
        byte[] hash = SecretDigests.sha256(secret);
        String detail = request.role().label() + " in " + String.join(", ", request.namespaces())
                + request.expiresAt().map(at -> ", expires " + at).orElse(", never expires");
        IssuedRobot issued = transactions.change(actor, "robot.create", Robot.PREFIX + request.name(), detail, tx -> {
            IdentityNames.requireRobot(request.name());
            validate(request);
            for (String namespace : request.namespaces()) {
                if (tx.namespace(namespace).isEmpty()) {
                    throw notFound("namespace " + namespace);
                }
                if (!administers(tx, actor, namespace)) {
                    throw denied("needs the admin role in namespace " + namespace);
                }
            }
            Robot robot = new Robot(request.name(), request.description(), actor.auditName(), transactions.now(),
                    request.expiresAt(), Optional.empty(), Optional.empty());
            if (!tx.insertRobot(robot, hash)) {
                throw duplicate("robot " + request.name());
            }
            for (String namespace : request.namespaces()) {
                tx.putMember(new Member(namespace, robot.principalName(), request.role()));
            }
            return new IssuedRobot(robot, new Secret(secret));
        });
        authorizer.invalidate();
        return issued;
    }

    List<Robot> list(Actor actor) {
        return transactions.read(actor, "robot.list", "", tx -> tx.robots().stream()
                .filter(robot -> administersRobot(tx, actor, robot.principalName()))
                .toList());
    }

    void revoke(Actor actor, String name) {
        transactions.change(actor, "robot.revoke", Robot.PREFIX + name, "", tx -> {
            if (tx.robot(name).isEmpty()) {
                throw missing(actor, "robot " + name);
            }
            if (!administersRobot(tx, actor, Robot.PREFIX + name)) {
                throw denied("needs the admin role in every namespace of robot " + name);
            }
            if (!tx.revokeRobot(name, transactions.now())) {
                throw invalid("robot " + name + " is already revoked");
            }
            return null;
        });
        verified.forget(Robot.PREFIX + name);
    }

    private void validate(NewRobot request) {
        if (request.namespaces().isEmpty()) {
            throw invalid("a robot needs at least one namespace");
        }
        request.namespaces().forEach(IdentityNames::requireNamespace);
        if (request.role() == Role.NONE) {
            throw invalid("a robot needs a role other than none");
        }
        if (request.expiresAt().isPresent() && !request.expiresAt().get().isAfter(transactions.now())) {
            throw invalid("the expiry is in the past");
        }
        if (request.description().length() > MAX_DESCRIPTION) {
            throw invalid("the description is longer than " + MAX_DESCRIPTION + " characters");
        }
    }

    private static boolean administersRobot(IdentityTx tx, Actor actor, String principalName) {
        if (actor.principal().isRegistryAdmin()) {
            return true;
        }
        List<Member> memberships = tx.membershipsOf(principalName);
        return !memberships.isEmpty() && memberships.stream().allMatch(m -> administers(tx, actor, m.namespace()));
    }
}
