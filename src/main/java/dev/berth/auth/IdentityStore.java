package dev.berth.auth;

import java.util.function.Function;

/**
 * Where users, robots, tokens, namespaces, memberships, repository rules and the audit log are kept: the tables of
 * the metadata database (docs/security.md). Same transaction rules as the metadata store: {@code write} commits
 * all or nothing and may run its work more than once and on another thread, so the work must only touch the
 * transaction (hash passwords before, not inside).
 */
public interface IdentityStore {

    <T> T write(Function<IdentityTx, T> work);

    /** One consistent snapshot; a read that tries to write fails. */
    <T> T read(Function<IdentityTx, T> work);
}
