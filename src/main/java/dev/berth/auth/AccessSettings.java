package dev.berth.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How identities are checked.
 *
 * @param bcryptCost          work factor of new password hashes ({@link PasswordHashing})
 * @param verifiedTtl         how long a verified credential is answered from memory ({@link VerifiedCredentials});
 *                            also how long another node may accept a changed password or revoked token
 * @param verifiedMaxEntries  bound of that cache
 * @param throttle            failed-login throttling
 * @param policyMaxAge        how long a permission snapshot is used before it is read again; how long a change
 *                            made on another node may take to apply here
 * @param htpasswd            an htpasswd file with more users (bcrypt entries only), read again when it changes
 */
public record AccessSettings(int bcryptCost, Duration verifiedTtl, int verifiedMaxEntries, ThrottleSettings throttle,
                             Duration policyMaxAge, Optional<Path> htpasswd) {

    public static final AccessSettings DEFAULTS = new AccessSettings(PasswordHashing.DEFAULT_COST,
            Duration.ofSeconds(30), 10_000, ThrottleSettings.DEFAULTS, Duration.ofSeconds(5), Optional.empty());

    public AccessSettings withHtpasswd(Path file) {
        return new AccessSettings(bcryptCost, verifiedTtl, verifiedMaxEntries, throttle, policyMaxAge,
                Optional.of(file));
    }
}
