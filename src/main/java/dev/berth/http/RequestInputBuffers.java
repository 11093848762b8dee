package dev.berth.http;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;

/**
 * The HTTP server's buffer pool, lending large request input buffers to a bounded number of connections.
 *
 * <p>Jetty reads a request, headers and body, through one input buffer per connection, held while bytes wait in it
 * or the handler holds one of its chunks (during a push, most of the request). A pushed layer arrives as fast as the
 * socket delivers it, and reading it {@link #LARGE} bytes at a time instead of 64 KiB costs far fewer reads,
 * acknowledgements and chunks handed to the handler: in the benchmark's 1 GiB pushes about a sixth less server CPU
 * (the kernel's receive work alone fell from about 0.5 to 0.2 CPU seconds per GiB).
 * Such buffers are direct memory, so at most {@link #MAX_LARGE} are lent at once; a connection that asks for one
 * beyond that reads through a {@link #SMALL} buffer, which works the same, only with more reads.
 *
 * <p>The server asks for {@link #LARGE} only as its HTTP/1.1 input buffer size (nothing else in Jetty or Berth asks
 * for that size; HTTP/2 reads through 16 KiB), so only input buffers are ever swapped for small ones. A lent buffer
 * gives its place back when its last reference is released, through the buffer or through a slice of it.
 */
final class RequestInputBuffers extends ByteBufferPool.Wrapper {
    /** The input buffer size the server is configured with. */
    static final int LARGE = 1024 * 1024;
    /** The input buffer of a connection that finds every large one lent. */
    static final int SMALL = 64 * 1024;
    /** Large buffers lent at most: 16 MiB of the launcher's 96 MiB of direct memory. */
    static final int MAX_LARGE = 16;

    private final Semaphore large = new Semaphore(MAX_LARGE);

    RequestInputBuffers(ByteBufferPool pool) {
        super(pool);
    }

    @Override
    public RetainableByteBuffer.Mutable acquire(int size, boolean direct) {
        if (size != LARGE) {
            return super.acquire(size, direct);
        }
        if (!large.tryAcquire()) {
            return super.acquire(SMALL, direct);
        }
        try {
            return new Lent(super.acquire(LARGE, direct));
        } catch (RuntimeException | Error e) {
            large.release();
            throw e;
        }
    }

    /** Large buffers that could be lent right now (for tests and diagnostics). */
    int largeAvailable() {
        return large.availablePermits();
    }

    /** A large buffer whose last release gives its place back. */
    private final class Lent extends RetainableByteBuffer.Wrapper {
        Lent(RetainableByteBuffer.Mutable buffer) {
            super(buffer);
        }

        @Override
        public boolean release() {
            boolean last = super.release();
            if (last) {
                large.release();
            }
            return last;
        }

        /** A slice releases through this buffer (the wrapper's own slices would bypass it and keep the place). */
        @Override
        public RetainableByteBuffer slice(long length) {
            ByteBuffer bytes = getByteBuffer();
            ByteBuffer view = bytes.slice(bytes.position(), (int) Math.min(length, bytes.remaining()));
            retain();
            return RetainableByteBuffer.wrap(view, this);
        }

        @Override
        public RetainableByteBuffer slice() {
            return slice(Long.MAX_VALUE);
        }
    }
}
