package dev.berth.metadata.sql;

import java.util.function.Function;

/**
 * Connections to one metadata database and how a transaction is opened and ended on them. Work that throws
 * leaves nothing behind: the transaction is rolled back and the exception passed on unchanged.
 */
interface Database extends AutoCloseable {

    SqlDialect dialect();

    /** Runs {@code work} in one read-write transaction and commits it. */
    <T> T write(Function<SqlSession, T> work);

    /** Like {@link #write}, but the commit need not reach the disk before this returns (MetadataStore#writeWithoutSync). */
    <T> T writeWithoutSync(Function<SqlSession, T> work);

    /** Runs {@code work} in one read-only transaction on a consistent snapshot. */
    <T> T read(Function<SqlSession, T> work);

    @Override
    void close();
}
