package dev.berth.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Raw HTTP/1.1 over a socket, for what java.net.http will not send: chunked bodies without Content-Range, lying
 * Content-Length headers, a TLS hello on the plain port.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** Sends {@code head} (request line + headers, CRLF-terminated, without the blank line) and {@code body}. */
    public static String exchange(int port, String head, byte[] body, boolean closeAfterHeadersRead) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body.length > 0) {
                out.write(body);
            }
            out.flush();
            return readResponseHead(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code head} and {@code body}, then half-closes the connection: a client that declared more bytes than
     * it sent and went away. Returns the server's answer, or an empty string when it closed without one.
     */
    public static String truncated(int port, String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
            return readResponseHead(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request whose body goes out in chunked transfer encoding, in pieces of {@code chunkSize}. */
    public static String chunked(int port, String requestLineAndHeaders, byte[] body, int chunkSize) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLineAndHeaders + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (int off = 0; off < body.length; off += chunkSize) {
                int n = Math.min(chunkSize, body.length - off);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, off, n);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readResponseHead(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends raw bytes and returns whatever the server answers until it closes or 2 s pass. */
    public static String raw(int port, byte[] bytes) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return readResponseHead(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of a response returned by this class. */
    public static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    /** The value of header {@code name} in a response returned by this class, when present. */
    public static java.util.Optional<String> header(String response, String name) {
        int end = response.indexOf("\r\n\r\n");
        String head = end < 0 ? response : response.substring(0, end);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return java.util.Optional.of(line.substring(colon + 1).trim());
            }
        }
        return java.util.Optional.empty();
    }

    /** The body of a response returned by this class. */
    public static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }

    /** The status line, headers and (when Content-Length says so) body of one response. */
    private static String readResponseHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while ((b = in.read()) != -1) {
            buf.write(b);
            state = switch (state) {
                case 0 -> b == '\r' ? 1 : 0;
                case 1 -> b == '\n' ? 2 : 0;
                case 2 -> b == '\r' ? 3 : 0;
                case 3 -> b == '\n' ? 4 : 0;
                default -> state;
            };
            if (state == 4) {
                break;
            }
        }
        String head = buf.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
