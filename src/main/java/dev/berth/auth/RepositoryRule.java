package dev.berth.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * An exception to namespace roles for the repositories matching a glob ({@code *} any run of characters,
 * {@code /} included; {@code ?} one character other than {@code /}).
 * <ul>
 *   <li>For everyone (no {@code subject}): {@code role} is a ceiling for every caller but registry admins,
 *       e.g. {@code team-a/secret/* none} (nobody but admins) or {@code team-b/frozen/* reader} (read-only).</li>
 *   <li>For one user or robot: {@code role} is exactly what that subject gets, above or below its namespace role,
 *       e.g. {@code team-b/app writer for alice}. It wins over ceilings.</li>
 * </ul>
 * When several rules match, the most specific pattern (most literal characters) wins.
 *
 * @param id      the rule's number, for removal
 * @param subject a user name or {@code robot$<name>}; empty: everyone
 */
public record RepositoryRule(long id, String pattern, Optional<String> subject, Role role, String createdBy,
                             Instant createdAt) {
}
