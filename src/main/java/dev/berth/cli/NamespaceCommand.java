package dev.berth.cli;

import dev.berth.auth.Member;
import dev.berth.auth.Namespace;
import dev.berth.auth.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth namespace create|remove|list|public|private|grant|revoke|members}: repository namespaces (path
 * prefixes such as {@code team-a}) and the roles users and robots hold in them.
 */
@Command(name = "namespace", description = "Manage namespaces and their members.")
final class NamespaceCommand extends AccessCommandGroup {

    NamespaceCommand(AccessCommandContext context) {
        super(context);
    }

    @Command(name = "create", description = "Create a namespace: the repositories NAME and NAME/….")
    int create(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--public", description = "Anyone may pull, without logging in.") boolean isPublic) {
        return withAdmin("create", (access, operator, out) -> {
            Namespace namespace = access.createNamespace(operator, name, isPublic);
            out.println("created " + (namespace.isPublic() ? "public" : "private") + " namespace " + name);
        });
    }

    @Command(name = "remove", description = "Remove a namespace and its memberships (its repositories stay).")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        return withAdmin("remove", (access, operator, out) -> {
            access.removeNamespace(operator, name);
            out.println("removed namespace " + name);
        });
    }

    @Command(name = "list", description = "List the namespaces.")
    int list() {
        return withAdmin("list", (access, operator, out) -> {
            TextTable table = new TextTable("NAME", "VISIBILITY", "CREATED");
            for (Namespace namespace : access.namespaces(operator)) {
                table.row(namespace.name(), namespace.isPublic() ? "public" : "private", namespace.createdAt());
            }
            table.print(out);
        });
    }

    @Command(name = "public", description = "Let anyone pull from the namespace without logging in.")
    int makePublic(@Parameters(paramLabel = "NAME") String name) {
        return withAdmin("public", (access, operator, out) -> {
            access.setPublic(operator, name, true);
            out.println("namespace " + name + " is public");
        });
    }

    @Command(name = "private", description = "Only members may pull from the namespace.")
    int makePrivate(@Parameters(paramLabel = "NAME") String name) {
        return withAdmin("private", (access, operator, out) -> {
            access.setPublic(operator, name, false);
            out.println("namespace " + name + " is private");
        });
    }

    @Command(name = "grant", description = "Give a user or robot (robot$NAME) a role in the namespace: reader, "
            + "writer, maintainer or admin.")
    int grant(@Parameters(index = "0", paramLabel = "NAMESPACE") String namespace,
              @Parameters(index = "1", paramLabel = "MEMBER") String member,
              @Parameters(index = "2", paramLabel = "ROLE") String role) {
        Role parsed = role("grant", role);
        return withAdmin("grant", (access, operator, out) -> {
            Member granted = access.grant(operator, namespace, member, parsed);
            out.println(granted.member() + " is " + granted.role().label() + " in " + granted.namespace());
        });
    }

    @Command(name = "revoke", description = "Take a member's role in the namespace away.")
    int revoke(@Parameters(index = "0", paramLabel = "NAMESPACE") String namespace,
               @Parameters(index = "1", paramLabel = "MEMBER") String member) {
        return withAdmin("revoke", (access, operator, out) -> {
            access.revoke(operator, namespace, member);
            out.println(member + " is no longer a member of " + namespace);
        });
    }

    @Command(name = "members", description = "List the namespace's members and roles.")
    int members(@Parameters(paramLabel = "NAMESPACE") String namespace) {
        return withAdmin("members", (access, operator, out) -> {
            TextTable table = new TextTable("MEMBER", "ROLE");
            for (Member member : access.members(operator, namespace)) {
                table.row(member.member(), member.role().label());
            }
            table.print(out);
        });
    }
}
