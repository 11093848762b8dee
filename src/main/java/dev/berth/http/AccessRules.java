package dev.berth.http;

import dev.berth.domain.Scope;

import java.util.List;
import java.util.Optional;

/**
 * What each route needs, following distribution's rules ({@code appendAccessRecords}): GET/HEAD need pull;
 * POST/PUT/PATCH need pull and push; DELETE needs delete; a mount also asks pull on its source (asked for, not
 * required: without it the mount falls back to a plain upload); the catalog needs {@code registry:catalog:*}.
 * Health probes are public. Every {@link Endpoint} has an entry (a test enumerates them).
 */
public final class AccessRules {
    private AccessRules() {
    }

    /** The scopes to ask for; {@code optional} ones are requested but their absence does not refuse the request. */
    public record Needs(List<Scope> required, List<Scope> optional, boolean isPublic) {
        public Needs {
            required = List.copyOf(required);
            optional = List.copyOf(optional);
        }
    }

    public static Needs needs(Endpoint endpoint, String method, String repository, Optional<String> mountFrom) {
        return switch (endpoint) {
            case HEALTH, READY -> new Needs(List.of(), List.of(), true);
            case BASE -> new Needs(List.of(), List.of(), false);
            case CATALOG -> new Needs(List.of(Scope.catalog()), List.of(), false);
            case TAGS, REFERRERS -> new Needs(List.of(Scope.repository(repository, Scope.PULL)), List.of(), false);
            case MANIFEST, BLOB -> new Needs(List.of(forMethod(method, repository)), List.of(), false);
            // Every step of an upload, cancel included, belongs to the pusher.
            case UPLOAD -> new Needs(List.of(Scope.repository(repository, Scope.PULL, Scope.PUSH)), List.of(), false);
            case UPLOADS -> new Needs(List.of(Scope.repository(repository, Scope.PULL, Scope.PUSH)),
                    mountFrom.map(from -> List.of(Scope.repository(from, Scope.PULL))).orElse(List.of()), false);
        };
    }

    private static Scope forMethod(String method, String repository) {
        return switch (method) {
            case "GET", "HEAD" -> Scope.repository(repository, Scope.PULL);
            case "DELETE" -> Scope.repository(repository, Scope.DELETE);
            default -> Scope.repository(repository, Scope.PULL, Scope.PUSH);
        };
    }
}
