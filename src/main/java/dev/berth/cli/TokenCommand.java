package dev.berth.cli;

import dev.berth.auth.AccessToken;
import dev.berth.auth.IssuedToken;
import dev.berth.auth.NewToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code berth token create|list|revoke}: personal access tokens, used as a password with the user's name. */
@Command(name = "token", description = "Manage personal access tokens.")
final class TokenCommand extends AccessCommandGroup {

    TokenCommand(AccessCommandContext context) {
        super(context);
    }

    @Command(name = "create", description = "Create a token for a user. The token is printed once, alone on "
            + "standard output; only its hash is stored.")
    int create(@Option(names = "--user", required = true, paramLabel = "NAME", description = "The owner.")
               String user,
               @Option(names = "--expires", paramLabel = "WHEN", defaultValue = "30d",
                       description = "A duration (30d), a date (2027-01-31) or an instant. Default: "
                               + "${DEFAULT-VALUE}.") String expires,
               @Option(names = "--namespace", paramLabel = "NAMESPACE",
                       description = "Restrict the token to this namespace's repositories.") String namespace,
               @Option(names = "--description", paramLabel = "TEXT", defaultValue = "",
                       description = "What the token is for.") String description) {
        Instant expiresAt = Expiry.parse(subcommand("create"), expires, false, Clock.systemUTC()).orElseThrow();
        return withAdmin("create", (access, operator, out) -> {
            IssuedToken issued = access.createToken(operator, new NewToken(user, expiresAt,
                    Optional.ofNullable(namespace), description));
            err().println("token " + issued.token().id() + " for " + user + ", expires " + expiresAt
                    + issued.token().namespace().map(n -> ", only for namespace " + n).orElse("")
                    + ". It is shown once: store it now.");
            err().flush();
            out.println(issued.secret().reveal());
        });
    }

    @Command(name = "list", description = "List tokens (never their secrets): one user's, or everyone's.")
    int list(@Option(names = "--user", paramLabel = "NAME", description = "Only this user's tokens.") String user) {
        return withAdmin("list", (access, operator, out) -> {
            List<AccessToken> tokens = user == null ? access.allTokens(operator) : access.tokens(operator, user);
            Instant now = Instant.now();
            TextTable table = new TextTable("ID", "USER", "NAMESPACE", "STATUS", "EXPIRES", "LAST USED",
                    "DESCRIPTION");
            for (AccessToken token : tokens) {
                String status = token.revokedAt().isPresent() ? "revoked"
                        : token.isActive(now) ? "active" : "expired";
                table.row(token.id(), token.user(), token.namespace().orElse("*"), status, token.expiresAt(),
                        token.lastUsedAt().map(Object::toString).orElse("never"), token.description());
            }
            table.print(out);
        });
    }

    @Command(name = "revoke", description = "Revoke a token by its id: it stops working at once.")
    int revoke(@Parameters(paramLabel = "ID", description = "The token id (bpat_…).") String id) {
        return withAdmin("revoke", (access, operator, out) -> {
            access.revokeToken(operator, id);
            out.println("revoked token " + id);
        });
    }
}
