package dev.berth.cli;

import dev.berth.auth.NewRule;
import dev.berth.auth.RepositoryRule;
import dev.berth.auth.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;

/** {@code berth rule add|list|remove}: per-repository exceptions to namespace roles. */
@Command(name = "rule", description = "Manage repository rules: exceptions to namespace roles for repositories "
        + "matching a pattern (* any characters, / included; ? one character).")
final class RuleCommand extends AccessCommandGroup {

    RuleCommand(AccessCommandContext context) {
        super(context);
    }

    @Command(name = "add", description = "Add a rule. Without --subject the role is a ceiling for everyone but "
            + "registry admins (none: nobody); with --subject it is exactly that user's or robot's role.")
    int add(@Parameters(paramLabel = "PATTERN", description = "e.g. team-a/secret/*") String pattern,
            @Option(names = "--role", required = true, paramLabel = "ROLE",
                    description = "none, reader, writer, maintainer or admin.") String role,
            @Option(names = "--subject", paramLabel = "MEMBER", description = "A user or robot$NAME.")
            String subject) {
        Role parsed = role("add", role);
        return withAdmin("add", (access, operator, out) -> {
            RepositoryRule rule = access.addRule(operator, new NewRule(pattern, Optional.ofNullable(subject),
                    parsed));
            out.println("rule " + rule.id() + ": " + rule.pattern() + " → " + rule.subject().orElse("everyone") + " "
                    + (rule.subject().isPresent() ? "" : "at most ") + rule.role().label());
        });
    }

    @Command(name = "list", description = "List the rules.")
    int list() {
        return withAdmin("list", (access, operator, out) -> {
            TextTable table = new TextTable("ID", "PATTERN", "SUBJECT", "ROLE", "CREATED BY");
            for (RepositoryRule rule : access.rules(operator)) {
                table.row(rule.id(), rule.pattern(), rule.subject().orElse("everyone (ceiling)"), rule.role().label(),
                        rule.createdBy());
            }
            table.print(out);
        });
    }

    @Command(name = "remove", description = "Remove a rule by its id.")
    int remove(@Parameters(paramLabel = "ID") long id) {
        return withAdmin("remove", (access, operator, out) -> {
            access.removeRule(operator, id);
            out.println("removed rule " + id);
        });
    }
}
