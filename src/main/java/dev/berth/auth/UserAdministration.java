package dev.berth.auth;

import java.util.List;

import static dev.berth.auth.AdminTransactions.duplicate;
import static dev.berth.auth.AdminTransactions.invalid;
import static dev.berth.auth.AdminTransactions.notFound;
import static dev.berth.auth.AdminTransactions.requireRegistryAdmin;
import static dev.berth.auth.AdminTransactions.requireSelfOrRegistryAdmin;

/** The user part of {@link AccessAdmin}. Passwords are hashed before the transaction (bcrypt is slow). */
final class UserAdministration {
    private final AdminTransactions transactions;
    private final PasswordHashing passwords;
    private final VerifiedCredentials verified;
    private final PolicyAuthorizer authorizer;

    UserAdministration(AdminTransactions transactions, PasswordHashing passwords, VerifiedCredentials verified,
                       PolicyAuthorizer authorizer) {
        this.transactions = transactions;
        this.passwords = passwords;
        this.verified = verified;
        this.authorizer = authorizer;
    }

    User add(Actor actor, NewUser user) {
        return transactions.prepareAndChange(actor, "user.add", user.name(), user.admin() ? "registry admin" : "",
                () -> {
                    requireRegistryAdmin(actor);
                    IdentityNames.requireUser(user.name());
                    String hash = passwords.hash(user.password());
                    User created = new User(user.name(), user.admin(), false, transactions.now());
                    return tx -> {
                        if (!tx.insertUser(created, hash)) {
                            throw duplicate("user " + user.name());
                        }
                        return created;
                    };
                });
    }

    List<User> list(Actor actor) {
        return transactions.read(actor, "user.list", "", tx -> {
            requireRegistryAdmin(actor);
            return tx.users();
        });
    }

    void remove(Actor actor, String name) {
        transactions.change(actor, "user.remove", name, "", tx -> {
            requireRegistryAdmin(actor);
            User user = tx.user(name).orElseThrow(() -> notFound("user " + name));
            keepAnAdmin(tx, user);
            return tx.deleteUser(name);
        });
        verified.forget(name);
        authorizer.invalidate();
    }

    void setPassword(Actor actor, String name, Secret password) {
        transactions.prepareAndChange(actor, "user.password", name, "", () -> {
            requireSelfOrRegistryAdmin(actor, name);
            String hash = passwords.hash(password);
            return tx -> {
                if (!tx.updatePasswordHash(name, hash)) {
                    throw notFound("user " + name);
                }
                return null;
            };
        });
        verified.forget(name);
    }

    void setAdmin(Actor actor, String name, boolean admin) {
        transactions.change(actor, admin ? "user.admin.grant" : "user.admin.revoke", name, "", tx -> {
            requireRegistryAdmin(actor);
            User user = tx.user(name).orElseThrow(() -> notFound("user " + name));
            if (!admin) {
                keepAnAdmin(tx, user);
            }
            return tx.updateAdmin(name, admin);
        });
        verified.forget(name);
    }

    void setDisabled(Actor actor, String name, boolean disabled) {
        transactions.change(actor, disabled ? "user.disable" : "user.enable", name, "", tx -> {
            requireRegistryAdmin(actor);
            User user = tx.user(name).orElseThrow(() -> notFound("user " + name));
            if (disabled) {
                keepAnAdmin(tx, user);
            }
            return tx.updateDisabled(name, disabled);
        });
        verified.forget(name);
    }

    /** Refuses to take away the last enabled registry admin: nobody could administer the registry any more. */
    private static void keepAnAdmin(IdentityTx tx, User user) {
        if (user.admin() && !user.disabled() && tx.countEnabledAdmins() <= 1) {
            throw invalid("user " + user.name() + " is the last enabled registry admin");
        }
    }
}
