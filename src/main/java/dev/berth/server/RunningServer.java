package dev.berth.server;

/** A started Berth server. */
public interface RunningServer extends AutoCloseable {

    /** Blocks until the server has stopped (after {@link #close()}, from any thread). */
    void awaitStopped();

    /** Stops gracefully: stops accepting, lets in-flight requests finish within the shutdown grace, frees resources. */
    @Override
    void close();
}
