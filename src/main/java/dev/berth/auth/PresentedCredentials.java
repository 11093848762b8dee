package dev.berth.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** What an {@code Authorization} header presents: nothing, Basic credentials (RFC 7617), a bearer token (RFC 6750). */
public sealed interface PresentedCredentials {

    record None() implements PresentedCredentials {
    }

    record Basic(String username, Secret password) implements PresentedCredentials {
    }

    record Bearer(String token) implements PresentedCredentials {
        @Override
        public String toString() {
            return "Bearer[****]";
        }
    }

    /** A header in another scheme, or a Basic header that does not decode to {@code user:password}. */
    record Malformed(String scheme) implements PresentedCredentials {
    }

    static PresentedCredentials parse(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return new None();
        }
        String value = header.get().strip();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : value.substring(space + 1).strip();
        return switch (scheme) {
            case "basic" -> basic(rest);
            case "bearer" -> rest.isEmpty() ? new Malformed(scheme) : new Bearer(rest);
            default -> new Malformed(scheme);
        };
    }

    private static PresentedCredentials basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Malformed("basic");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return new Malformed("basic");
        }
        return new Basic(decoded.substring(0, colon), new Secret(decoded.substring(colon + 1)));
    }
}
