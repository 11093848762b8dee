package dev.berth.auth;

import dev.berth.auth.sql.SqlIdentityStore;
import dev.berth.metadata.sql.MetadataDatabase;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.testing.MutableClock;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Access control on a fresh SQLite database with a hand-moved clock and the cheapest bcrypt cost. */
final class AccessFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final ThrottleSettings THROTTLE = new ThrottleSettings(3, 5, Duration.ofMinutes(5), 1000);
    static final Actor ROOT = Actor.localOperator("test");

    final MutableClock clock = new MutableClock(T0);
    final MetadataDatabase database;
    final IdentityStore store;
    final AccessControl access;

    AccessFixture(Path dir, Optional<Path> htpasswd) {
        database = MetadataDatabase.openSqlite(dir.resolve("metadata.db"), SqliteDurability.NORMAL);
        store = new SqlIdentityStore(database);
        access = AccessControl.create(store, new AccessSettings(4, Duration.ofSeconds(30), 100, THROTTLE,
                Duration.ofSeconds(5), htpasswd), clock);
    }

    AccessAdmin admin() {
        return access.admin();
    }

    Authenticator authenticator() {
        return access.authenticator();
    }

    User addUser(String name, String password, boolean admin) {
        return admin().addUser(ROOT, new NewUser(name, new Secret(password), admin));
    }

    static Actor as(String user) {
        return new Actor(new Principal(user, Principal.Kind.USER, false), "192.0.2.1");
    }

    @Override
    public void close() {
        database.close();
    }
}
