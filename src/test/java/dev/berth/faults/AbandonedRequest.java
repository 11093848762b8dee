package dev.berth.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client that goes away mid-request: it sends the request head and part of the body, stays connected while the
 * test looks at the server, and then closes its socket without sending the rest.
 */
final class AbandonedRequest implements AutoCloseable {
    private final Socket socket;

    private AbandonedRequest(Socket socket) {
        this.socket = socket;
    }

    /** Sends {@code head} (request line and headers, each ending in CRLF) and {@code partialBody}. */
    static AbandonedRequest withLength(int port, String head, byte[] partialBody) {
        AbandonedRequest request = connect(port);
        request.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        request.write(partialBody);
        return request;
    }

    /** Sends {@code head} with chunked transfer encoding and {@code partialBody} as chunks, never the last chunk. */
    static AbandonedRequest chunked(int port, String head, byte[] partialBody, int chunkSize) {
        AbandonedRequest request = connect(port);
        request.write((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int offset = 0; offset < partialBody.length; offset += chunkSize) {
            int n = Math.min(chunkSize, partialBody.length - offset);
            request.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            request.write(java.util.Arrays.copyOfRange(partialBody, offset, offset + n));
            request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return request;
    }

    /** Goes away: closes the connection with the body unfinished. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AbandonedRequest connect(int port) {
        try {
            return new AbandonedRequest(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(byte[] bytes) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
