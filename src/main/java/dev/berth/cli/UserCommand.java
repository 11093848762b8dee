package dev.berth.cli;

import dev.berth.auth.NewUser;
import dev.berth.auth.Secret;
import dev.berth.auth.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth user add|list|remove|passwd|disable|enable|admin}: database users (passwords stored as bcrypt). */
@Command(name = "user", description = "Manage users stored in the metadata database.")
final class UserCommand extends AccessCommandGroup {

    UserCommand(AccessCommandContext context) {
        super(context);
    }

    @Command(name = "add", description = "Add a user. The password comes from standard input (--password-stdin) "
            + "or is typed twice at the terminal; never from an argument.")
    int add(@Parameters(paramLabel = "NAME", description = "User name (A-Z a-z 0-9 . _ @ -).") String name,
            @Option(names = "--password-stdin", description = "Read the password from standard input.")
            boolean passwordStdin,
            @Option(names = "--role", paramLabel = "admin|user", defaultValue = "user",
                    description = "admin: the registry admin role (everything). Default: ${DEFAULT-VALUE}.")
            String role) {
        boolean admin = switch (role) {
            case "admin" -> true;
            case "user" -> false;
            default -> throw new picocli.CommandLine.ParameterException(subcommand("add"),
                    "--role must be admin or user, not '" + role + "'");
        };
        Secret password = PasswordInput.read(subcommand("add"), passwordStdin, context().stdin());
        return withAdmin("add", (access, operator, out) -> {
            User user = access.addUser(operator, new NewUser(name, password, admin));
            out.println("added user " + user.name() + (user.admin() ? " (registry admin)" : ""));
        });
    }

    @Command(name = "list", description = "List the users.")
    int list() {
        return withAdmin("list", (access, operator, out) -> {
            TextTable table = new TextTable("NAME", "ROLE", "STATUS", "CREATED");
            for (User user : access.users(operator)) {
                table.row(user.name(), user.admin() ? "admin" : "user", user.disabled() ? "disabled" : "enabled",
                        user.createdAt());
            }
            table.print(out);
        });
    }

    @Command(name = "remove", description = "Remove a user with their tokens and memberships.")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        return withAdmin("remove", (access, operator, out) -> {
            access.removeUser(operator, name);
            out.println("removed user " + name);
        });
    }

    @Command(name = "passwd", description = "Set a user's password (standard input or typed twice).")
    int passwd(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--password-stdin", description = "Read the password from standard input.")
               boolean passwordStdin) {
        Secret password = PasswordInput.read(subcommand("passwd"), passwordStdin, context().stdin());
        return withAdmin("passwd", (access, operator, out) -> {
            access.setPassword(operator, name, password);
            out.println("changed the password of " + name);
        });
    }

    @Command(name = "disable", description = "Stop a user (and their tokens) from authenticating.")
    int disable(@Parameters(paramLabel = "NAME") String name) {
        return withAdmin("disable", (access, operator, out) -> {
            access.setDisabled(operator, name, true);
            out.println("disabled user " + name);
        });
    }

    @Command(name = "enable", description = "Let a disabled user authenticate again.")
    int enable(@Parameters(paramLabel = "NAME") String name) {
        return withAdmin("enable", (access, operator, out) -> {
            access.setDisabled(operator, name, false);
            out.println("enabled user " + name);
        });
    }

    @Command(name = "admin", description = "Grant (--grant, the default) or take away (--revoke) the registry "
            + "admin role.")
    int admin(@Parameters(paramLabel = "NAME") String name,
              @Option(names = "--revoke", description = "Take the role away.") boolean revoke) {
        return withAdmin("admin", (access, operator, out) -> {
            access.setAdmin(operator, name, !revoke);
            out.println((revoke ? "took the registry admin role from " : "gave the registry admin role to ") + name);
        });
    }
}
