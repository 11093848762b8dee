package dev.berth.auth;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;

import java.util.regex.Pattern;

/**
 * The grammar of user, robot, namespace and member names. None may contain {@code :} (the Basic-auth separator),
 * {@code $} (reserved for {@code robot$}), {@code *} (everyone, in rules), spaces or control characters.
 */
public final class IdentityNames {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern ROBOT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private IdentityNames() {
    }

    public static String requireUser(String name) {
        if (!USER.matcher(name).matches()) {
            throw invalid("user name '" + name + "': 1 to 64 of A-Z a-z 0-9 . _ @ -, starting with a letter or digit");
        }
        return name;
    }

    public static String requireRobot(String name) {
        if (!ROBOT.matcher(name).matches()) {
            throw invalid("robot name '" + name + "': 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit");
        }
        return name;
    }

    public static String requireNamespace(String name) {
        if (!RepositoryName.isValid(name)) {
            throw invalid("namespace '" + name + "': a repository name prefix such as team-a or team-a/tools");
        }
        return name;
    }

    /** A user name or {@code robot$<name>}. */
    public static String requireMember(String member) {
        if (member.startsWith(Robot.PREFIX)) {
            requireRobot(member.substring(Robot.PREFIX.length()));
            return member;
        }
        return requireUser(member);
    }

    private static RegistryException invalid(String what) {
        return RegistryException.of(ErrorCode.BAD_REQUEST, "invalid " + what);
    }
}
