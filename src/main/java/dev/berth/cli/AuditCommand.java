package dev.berth.cli;

import dev.berth.auth.AuditEvent;
import dev.berth.auth.AuditQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;

/** {@code berth audit list}: the audit log, newest first. */
@Command(name = "audit", description = "Read the audit log: administrative changes and failed logins.")
final class AuditCommand extends AccessCommandGroup {

    AuditCommand(AccessCommandContext context) {
        super(context);
    }

    @Command(name = "list", description = "List audit events, newest first.")
    int list(@Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                     description = "At most this many events. Default: ${DEFAULT-VALUE}.") int limit,
             @Option(names = "--before", paramLabel = "ID", description = "Only events older than this id (to page).")
             Long before,
             @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. login.")
             String action,
             @Option(names = "--actor", paramLabel = "NAME", description = "Only this actor.") String actor) {
        return withAdmin("list", (access, operator, out) -> {
            TextTable table = new TextTable("ID", "TIME", "ACTOR", "ACTION", "TARGET", "ADDRESS", "OUTCOME", "DETAIL");
            for (AuditEvent event : access.auditEvents(operator, new AuditQuery(limit, Optional.ofNullable(before),
                    Optional.ofNullable(action), Optional.ofNullable(actor)))) {
                table.row(event.id(), event.time(), event.actor(), event.action(), event.target(), event.address(),
                        event.outcome().name().toLowerCase(java.util.Locale.ROOT), event.detail());
            }
            table.print(out);
        });
    }
}
