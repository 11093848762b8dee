package dev.berth.cli;

import dev.berth.config.Durations;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code --expires} value of token and robot commands: a duration from now ({@code 30d}, {@code 12h}), a date
 * ({@code 2027-01-31}, midnight UTC) or an instant ({@code 2027-01-31T12:00:00Z}); {@code never} where allowed.
 */
final class Expiry {
    static final String NEVER = "never";

    private Expiry() {
    }

    static Optional<Instant> parse(CommandLine command, String text, boolean neverAllowed, Clock clock) {
        if (NEVER.equals(text)) {
            if (!neverAllowed) {
                throw new ParameterException(command, "--expires never is not allowed here");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(clock.instant().plus(Durations.parse(text)));
        } catch (IllegalArgumentException notADuration) {
            try {
                return Optional.of(text.contains("T") ? Instant.parse(text)
                        : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notADate) {
                throw new ParameterException(command, "--expires '" + text + "': use a duration (30d, 12h), a date "
                        + "(2027-01-31) or an instant (2027-01-31T12:00:00Z)" + (neverAllowed ? ", or never" : ""));
            }
        }
    }
}
