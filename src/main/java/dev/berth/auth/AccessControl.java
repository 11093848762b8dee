package dev.berth.auth;

import java.time.Clock;

/**
 * The identity and permission services on one {@link IdentityStore}, built together because they share state:
 * the administration clears the credential cache and refreshes the authorizer when it changes something.
 *
 * <pre>{@code
 * MetadataDatabase database = MetadataDatabase.openSqlite(file, durability);
 * AccessControl access = AccessControl.create(new SqlIdentityStore(database), AccessSettings.DEFAULTS, clock);
 * access.authenticator(); access.authorizer(); access.admin(); access.auditLog();
 * }</pre>
 */
public final class AccessControl {
    private final CredentialAuthenticator authenticator;
    private final PolicyAuthorizer authorizer;
    private final AccessAdmin admin;
    private final AuditLog auditLog;

    private AccessControl(CredentialAuthenticator authenticator, PolicyAuthorizer authorizer, AccessAdmin admin,
                          AuditLog auditLog) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.admin = admin;
        this.auditLog = auditLog;
    }

    public static AccessControl create(IdentityStore store, AccessSettings settings, Clock clock) {
        PasswordHashing passwords = new PasswordHashing(settings.bcryptCost());
        VerifiedCredentials verified = new VerifiedCredentials(clock, settings.verifiedTtl(),
                settings.verifiedMaxEntries());
        AuditLog auditLog = new StoredAuditLog(store, clock);
        PolicyAuthorizer authorizer = new PolicyAuthorizer(store, clock, settings.policyMaxAge());
        CredentialAuthenticator authenticator = new CredentialAuthenticator(store,
                settings.htpasswd().map(file -> new HtpasswdFile(file, clock)), passwords, verified,
                new LoginThrottle(settings.throttle(), clock), auditLog, clock);
        AccessAdmin admin = new AccessAdministration(new AdminTransactions(store, auditLog, clock), passwords,
                verified, authorizer);
        return new AccessControl(authenticator, authorizer, admin, auditLog);
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    /** The authorizer; {@link PolicyAuthorizer#policy()} gives the snapshot to filter many repositories at once. */
    public PolicyAuthorizer authorizer() {
        return authorizer;
    }

    public AccessAdmin admin() {
        return admin;
    }

    public AuditLog auditLog() {
        return auditLog;
    }
}
