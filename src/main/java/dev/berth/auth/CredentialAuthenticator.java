package dev.berth.auth;

import dev.berth.domain.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Verifies user names and secrets against, in order: robot accounts ({@code robot$<name>} with the robot secret),
 * personal access tokens (a secret of the token form, with its owner's name), database users (bcrypt password),
 * then the htpasswd file if any (a database user shadows an htpasswd user of the same name).
 *
 * <p>A verified credential is remembered ({@link VerifiedCredentials}) and answered from memory while fresh,
 * before any throttling. Otherwise the user and address must not be throttled ({@link LoginThrottle}); a failure
 * counts against both and is written to the audit log. Token and robot secrets are compared by SHA-256 digest
 * with {@link java.security.MessageDigest#isEqual}; passwords by bcrypt; an unknown user costs one bcrypt check
 * too, so timing does not tell which names exist.
 */
public final class CredentialAuthenticator implements Authenticator {
    /** {@code last_used_at} is written at most this often per token or robot. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(CredentialAuthenticator.class);

    private final IdentityStore store;
    private final Optional<HtpasswdFile> htpasswd;
    private final PasswordHashing passwords;
    private final VerifiedCredentials verified;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    public CredentialAuthenticator(IdentityStore store, Optional<HtpasswdFile> htpasswd, PasswordHashing passwords,
                                   VerifiedCredentials verified, LoginThrottle throttle, AuditLog audit, Clock clock) {
        this.store = store;
        this.htpasswd = htpasswd;
        this.passwords = passwords;
        this.verified = verified;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Optional<Principal> authenticate(String username, String secret, String remoteAddress) {
        Optional<Principal> remembered = verified.lookup(username, secret);
        if (remembered.isPresent()) {
            return remembered;
        }
        throttle.check(username, remoteAddress);
        Verification result = verify(username, secret);
        if (result instanceof Verification.Verified ok) {
            throttle.succeeded(username);
            verified.remember(username, secret, ok.principal(), ok.notAfter());
            return Optional.of(ok.principal());
        }
        String reason = ((Verification.Refused) result).reason();
        boolean nowThrottled = throttle.failed(username, remoteAddress);
        audit.record(username, "login", username, remoteAddress, AuditEvent.Outcome.FAILURE,
                nowThrottled ? reason + "; further attempts throttled" : reason);
        return Optional.empty();
    }

    private Verification verify(String username, String secret) {
        if (username.isEmpty() || secret.isEmpty()) {
            return new Verification.Refused("empty user name or secret");
        }
        if (username.startsWith(Robot.PREFIX)) {
            return verifyRobot(username.substring(Robot.PREFIX.length()), secret);
        }
        Optional<String> tokenId = TokenFormat.tokenId(secret);
        if (tokenId.isPresent()) {
            Optional<TokenLogin> token = store.read(tx -> tx.tokenLogin(tokenId.get()));
            if (token.isPresent()) {
                return verifyToken(username, secret, token.get());
            }
        }
        return verifyPassword(username, secret);
    }

    private Verification verifyRobot(String name, String secret) {
        Optional<RobotLogin> login = store.read(tx -> tx.robotLogin(name));
        if (login.isEmpty()) {
            SecretDigests.matches(secret, new byte[32]);
            return new Verification.Refused("unknown robot");
        }
        Robot robot = login.get().robot();
        if (!SecretDigests.matches(secret, login.get().secretHash())) {
            return new Verification.Refused("wrong robot secret");
        }
        Instant now = clock.instant();
        if (robot.revokedAt().isPresent()) {
            return new Verification.Refused("robot revoked");
        }
        if (!robot.isActive(now)) {
            return new Verification.Refused("robot expired");
        }
        if (isStale(robot.lastUsedAt(), now)) {
            markUsed(tx -> tx.markRobotUsed(robot.name(), now));
        }
        return new Verification.Verified(new Principal(robot.principalName(), Principal.Kind.ROBOT, false),
                robot.expiresAt());
    }

    private Verification verifyToken(String username, String secret, TokenLogin login) {
        AccessToken token = login.token();
        if (!SecretDigests.matches(secret, login.secretHash())) {
            return new Verification.Refused("wrong token secret for " + token.id());
        }
        if (!token.user().equals(username)) {
            return new Verification.Refused("token " + token.id() + " belongs to another user");
        }
        Instant now = clock.instant();
        if (token.revokedAt().isPresent()) {
            return new Verification.Refused("token " + token.id() + " revoked");
        }
        if (!token.isActive(now)) {
            return new Verification.Refused("token " + token.id() + " expired");
        }
        if (login.owner().disabled()) {
            return new Verification.Refused("user disabled");
        }
        if (isStale(token.lastUsedAt(), now)) {
            markUsed(tx -> tx.markTokenUsed(token.id(), now));
        }
        return new Verification.Verified(new Principal(username, Principal.Kind.USER, login.owner().admin(),
                token.namespace()), Optional.of(token.expiresAt()));
    }

    private Verification verifyPassword(String username, String secret) {
        Optional<UserLogin> login = store.read(tx -> tx.userLogin(username));
        if (login.isPresent()) {
            if (!passwords.verify(secret, login.get().passwordHash())) {
                return new Verification.Refused("wrong password");
            }
            if (login.get().user().disabled()) {
                return new Verification.Refused("user disabled");
            }
            return new Verification.Verified(new Principal(username, Principal.Kind.USER, login.get().user().admin()),
                    Optional.empty());
        }
        Optional<String> fileHash = htpasswd.flatMap(file -> file.hash(username));
        if (fileHash.isPresent()) {
            return passwords.verify(secret, fileHash.get())
                    ? new Verification.Verified(new Principal(username, Principal.Kind.USER, false), Optional.empty())
                    : new Verification.Refused("wrong password (htpasswd)");
        }
        passwords.verifyDecoy(secret);
        return new Verification.Refused("unknown user");
    }

    /** Best effort: a database too busy to note the time must not turn a valid login into an error. */
    private void markUsed(Consumer<IdentityTx> update) {
        try {
            store.write(tx -> {
                update.accept(tx);
                return null;
            });
        } catch (RegistryException e) {
            LOG.debug("cannot record last use: {}", e.toString());
        }
    }

    private static boolean isStale(Optional<Instant> lastUsed, Instant now) {
        return lastUsed.map(at -> !now.isBefore(at.plus(LAST_USED_PRECISION))).orElse(true);
    }

    private sealed interface Verification {
        record Verified(Principal principal, Optional<Instant> notAfter) implements Verification {
        }

        record Refused(String reason) implements Verification {
        }
    }
}
