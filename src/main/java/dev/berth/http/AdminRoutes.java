package dev.berth.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paths of the admin API. A route's {@code name} is the user, token id, robot, namespace or rule id it names
 * (percent-decoded), its {@code argument} the member. Namespaces contain slashes, so what follows a namespace comes
 * after {@code /-/}, which no repository path component can be.
 */
final class AdminRoutes {
    static final String PREFIX = "/api/v1/";
    private static final String SEGMENT = "([^/]+)";
    private static final String NAMESPACE = "(.+?)";
    private static final List<Entry> ROUTES = List.of(
            entry("users", Endpoint.ADMIN_USERS),
            entry("users/" + SEGMENT, Endpoint.ADMIN_USER),
            entry("users/" + SEGMENT + "/password", Endpoint.ADMIN_USER_PASSWORD),
            entry("users/" + SEGMENT + "/admin", Endpoint.ADMIN_USER_ADMIN),
            entry("users/" + SEGMENT + "/disabled", Endpoint.ADMIN_USER_DISABLED),
            entry("users/" + SEGMENT + "/tokens", Endpoint.ADMIN_USER_TOKENS),
            entry("tokens", Endpoint.ADMIN_TOKENS),
            entry("tokens/" + SEGMENT, Endpoint.ADMIN_TOKEN),
            entry("robots", Endpoint.ADMIN_ROBOTS),
            entry("robots/" + SEGMENT, Endpoint.ADMIN_ROBOT),
            entry("namespaces", Endpoint.ADMIN_NAMESPACES),
            entry("namespaces/" + NAMESPACE + "/-/public", Endpoint.ADMIN_NAMESPACE_PUBLIC),
            entry("namespaces/" + NAMESPACE + "/-/members", Endpoint.ADMIN_MEMBERS),
            entry("namespaces/" + NAMESPACE + "/-/members/" + SEGMENT, Endpoint.ADMIN_MEMBER),
            entry("namespaces/((?:(?!/-/).)+)", Endpoint.ADMIN_NAMESPACE),
            entry("rules", Endpoint.ADMIN_RULES),
            entry("rules/" + SEGMENT, Endpoint.ADMIN_RULE),
            entry("audit", Endpoint.ADMIN_AUDIT));

    private AdminRoutes() {
    }

    static Optional<Route> match(String path) {
        String rest = path.substring(PREFIX.length());
        for (Entry route : ROUTES) {
            Matcher m = route.pattern().matcher(rest);
            if (m.matches()) {
                String name = m.groupCount() >= 1 ? decode(m.group(1)) : "";
                String argument = m.groupCount() >= 2 ? decode(m.group(2)) : "";
                return Optional.of(new Route(route.endpoint(), name, argument));
            }
        }
        return Optional.empty();
    }

    private static Entry entry(String pattern, Endpoint endpoint) {
        return new Entry(Pattern.compile(pattern), endpoint);
    }

    /** Percent-decoding of a path segment ({@code robot%24ci} is {@code robot$ci}); {@code +} stays a plus. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && Character.digit(segment.charAt(i + 1), 16) >= 0
                    && Character.digit(segment.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private record Entry(Pattern pattern, Endpoint endpoint) {
    }
}
