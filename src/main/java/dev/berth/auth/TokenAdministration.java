package dev.berth.auth;

import java.util.List;
import java.util.Optional;

import static dev.berth.auth.AdminTransactions.invalid;
import static dev.berth.auth.AdminTransactions.missing;
import static dev.berth.auth.AdminTransactions.notFound;
import static dev.berth.auth.AdminTransactions.requireRegistryAdmin;
import static dev.berth.auth.AdminTransactions.requireSelfOrRegistryAdmin;

/**
 * The personal-access-token part of {@link AccessAdmin}. Users manage their own tokens (with full credentials: a
 * restricted token cannot mint an unrestricted one); registry admins manage everyone's.
 */
final class TokenAdministration {
    private final AdminTransactions transactions;
    private final VerifiedCredentials verified;

    TokenAdministration(AdminTransactions transactions, VerifiedCredentials verified) {
        this.transactions = transactions;
        this.verified = verified;
    }

    IssuedToken create(Actor actor, NewToken request) {
        String id = TokenFormat.newTokenId();
        String secret = TokenFormat.newToken(id);
        byte[] hash = SecretDigests.sha256(secret);
        String detail = "id " + id + ", expires " + request.expiresAt()
                + request.namespace().map(namespace -> ", namespace " + namespace).orElse("");
        return transactions.change(actor, "token.create", request.user(), detail, tx -> {
            requireSelfOrRegistryAdmin(actor, request.user());
            validate(request);
            if (tx.user(request.user()).isEmpty()) {
                throw notFound("user " + request.user());
            }
            if (request.namespace().isPresent() && tx.namespace(request.namespace().get()).isEmpty()) {
                throw notFound("namespace " + request.namespace().get());
            }
            AccessToken token = new AccessToken(id, request.user(), request.description(), request.namespace(),
                    transactions.now(), request.expiresAt(), Optional.empty(), Optional.empty());
            if (!tx.insertToken(token, hash)) {
                throw invalid("token id collision; try again");
            }
            return new IssuedToken(token, new Secret(secret));
        });
    }

    List<AccessToken> list(Actor actor, String user) {
        return transactions.read(actor, "token.list", user, tx -> {
            requireSelfOrRegistryAdmin(actor, user);
            return tx.tokensOf(user);
        });
    }

    List<AccessToken> listAll(Actor actor) {
        return transactions.read(actor, "token.list", "*", tx -> {
            requireRegistryAdmin(actor);
            return tx.tokens();
        });
    }

    void revoke(Actor actor, String tokenId) {
        String owner = transactions.change(actor, "token.revoke", tokenId, "", tx -> {
            AccessToken token = tx.token(tokenId).orElseThrow(() -> missing(actor, "token " + tokenId));
            requireSelfOrRegistryAdmin(actor, token.user());
            if (!tx.revokeToken(tokenId, transactions.now())) {
                throw invalid("token " + tokenId + " is already revoked");
            }
            return token.user();
        });
        verified.forget(owner);
    }

    private void validate(NewToken request) {
        IdentityNames.requireUser(request.user());
        request.namespace().ifPresent(IdentityNames::requireNamespace);
        if (!request.expiresAt().isAfter(transactions.now())) {
            throw invalid("the expiry is in the past");
        }
        if (request.description().length() > RobotAdministration.MAX_DESCRIPTION) {
            throw invalid("the description is longer than " + RobotAdministration.MAX_DESCRIPTION + " characters");
        }
    }
}
