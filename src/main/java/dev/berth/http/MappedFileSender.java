package dev.berth.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Sends a file region over plain HTTP/1.1 from memory-mapped windows of the file: the kernel copies page-cache
 * pages straight into the socket, one copy instead of read(2) into a buffer and write(2) out of it.
 *
 * <p>Each window is unmapped as soon as its blocking write returns, so at most one {@link #WINDOW} per request is
 * mapped and resident memory stays bounded. A window whose write failed is not unmapped here (Jetty may still hold
 * it); the garbage collector's cleaner unmaps it later. Java 21 has no public unmap: it is {@code sun.misc.Unsafe.invokeCleaner}, and
 * when that is missing {@link #available()} is false and callers keep their copying path. Mapped pages only help
 * when the bytes go to the socket as they are: TLS encrypts them (a copy anyway) and HTTP/2 frames them, so those
 * connections keep the copying path too.
 */
final class MappedFileSender {
    /** Large enough that mmap/munmap costs vanish per byte, small enough to bound what is mapped per request. */
    static final long WINDOW = 4L << 20;
    /** Below this the copying path through pooled buffers is as cheap and maps nothing. */
    static final long MIN_LENGTH = 256 * 1024;

    private static final Optional<MethodHandle> UNMAP = findUnmap();

    private MappedFileSender() {
    }

    static boolean available() {
        return UNMAP.isPresent();
    }

    /** True when {@code length} bytes of a file for this request are worth sending mapped. */
    static boolean suits(Request request, long length) {
        return available() && length >= MIN_LENGTH && !request.isSecure()
                && request.getConnectionMetaData().getHttpVersion().getVersion() < 20;
    }

    /** Writes bytes {@code [offset, offset + length)} of {@code file} as the whole response body. */
    static void send(Response response, Path file, long offset, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long sent = 0;
            do {
                long size = Math.min(WINDOW, length - sent);
                MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, offset + sent, size);
                sent += size;
                // Unmapped only after the write returned: a write that failed (or whose wait was interrupted) may
                // still be in Jetty's hands, so that window is left to the garbage collector's cleaner instead.
                Content.Sink.write(response, sent == length, window);
                unmap(window);
            } while (sent < length);
        }
    }

    private static void unmap(ByteBuffer window) {
        try {
            UNMAP.orElseThrow().invokeExact(window);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot unmap a file window", e);
        }
    }

    private static Optional<MethodHandle> findUnmap() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            MethodHandle invokeCleaner = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class));
            return Optional.of(invokeCleaner.bindTo(unsafe));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
