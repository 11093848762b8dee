package dev.berth.cli;

import dev.berth.auth.IssuedRobot;
import dev.berth.auth.NewRobot;
import dev.berth.auth.Robot;
import dev.berth.auth.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code berth robot create|list|revoke}: robot accounts for CI and deployments. */
@Command(name = "robot", description = "Manage robot accounts (log in as robot$NAME with the secret).")
final class RobotCommand extends AccessCommandGroup {

    RobotCommand(AccessCommandContext context) {
        super(context);
    }

    @Command(name = "create", description = "Create a robot with a role in one or more namespaces. Its secret is "
            + "printed once, alone on standard output; only its hash is stored.")
    int create(@Parameters(paramLabel = "NAME", description = "Robot name (a-z 0-9 . _ -).") String name,
               @Option(names = "--namespace", required = true, paramLabel = "NAMESPACE",
                       description = "A namespace the robot gets the role in (repeatable).") List<String> namespaces,
               @Option(names = "--role", required = true, paramLabel = "ROLE",
                       description = "reader, writer, maintainer or admin.") String role,
               @Option(names = "--expires", paramLabel = "WHEN", defaultValue = "90d",
                       description = "A duration (90d), a date (2027-01-31), an instant, or never. Default: "
                               + "${DEFAULT-VALUE}.") String expires,
               @Option(names = "--description", paramLabel = "TEXT", defaultValue = "",
                       description = "What the robot is for.") String description) {
        Optional<Instant> expiresAt = Expiry.parse(subcommand("create"), expires, true, Clock.systemUTC());
        Role parsedRole = role("create", role);
        return withAdmin("create", (access, operator, out) -> {
            IssuedRobot issued = access.createRobot(operator, new NewRobot(name, namespaces, parsedRole, expiresAt,
                    description));
            err().println("robot " + issued.robot().principalName() + ": " + parsedRole.label() + " in "
                    + String.join(", ", namespaces) + expiresAt.map(at -> ", expires " + at).orElse(", never expires")
                    + ". Its secret is shown once: store it now.");
            err().flush();
            out.println(issued.secret().reveal());
        });
    }

    @Command(name = "list", description = "List robots (never their secrets).")
    int list() {
        return withAdmin("list", (access, operator, out) -> {
            Instant now = Instant.now();
            TextTable table = new TextTable("LOGIN", "STATUS", "EXPIRES", "LAST USED", "CREATED BY", "DESCRIPTION");
            for (Robot robot : access.robots(operator)) {
                String status = robot.revokedAt().isPresent() ? "revoked" : robot.isActive(now) ? "active" : "expired";
                table.row(robot.principalName(), status, robot.expiresAt().map(Object::toString).orElse("never"),
                        robot.lastUsedAt().map(Object::toString).orElse("never"), robot.createdBy(),
                        robot.description());
            }
            table.print(out);
        });
    }

    @Command(name = "revoke", description = "Revoke a robot: it stops authenticating at once.")
    int revoke(@Parameters(paramLabel = "NAME", description = "The robot name, with or without robot$.")
               String name) {
        String shortName = name.startsWith(Robot.PREFIX) ? name.substring(Robot.PREFIX.length()) : name;
        return withAdmin("revoke", (access, operator, out) -> {
            access.revokeRobot(operator, shortName);
            out.println("revoked robot " + Robot.PREFIX + shortName);
        });
    }
}
