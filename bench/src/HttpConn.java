import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One keep-alive HTTP/1.1 connection over a blocking socket channel. Lean on purpose: requests are written
 * as raw bytes (bodies with sendfile where possible) and responses parsed just enough (status, headers,
 * Content-Length or chunked bodies), so the client costs little CPU next to the server under test.
 * Every exchange is bounded in time by a watchdog that closes a connection whose exchange overruns.
 */
final class HttpConn implements Closeable {

    /** What to do with a response body. */
    enum BodyMode { COLLECT, DISCARD }

    record Response(int status, List<String[]> headers, byte[] body, long bodyLength) {
        Optional<String> header(String name) {
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    return Optional.of(h[1]);
                }
            }
            return Optional.empty();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request body that knows its length (-1: sent with chunked transfer encoding) and writes itself. */
    interface Body {
        long length();

        void writeTo(SocketChannel channel) throws IOException;
    }

    static final Body EMPTY = new Body() {
        public long length() {
            return 0;
        }

        public void writeTo(SocketChannel channel) {
        }
    };

    static Body bytes(byte[] data) {
        return new Body() {
            public long length() {
                return data.length;
            }

            public void writeTo(SocketChannel channel) throws IOException {
                writeFully(channel, ByteBuffer.wrap(data));
            }
        };
    }

    /** Open connections; the watchdog closes one whose exchange runs past its deadline. */
    private static final Set<HttpConn> OPEN = ConcurrentHashMap.newKeySet();
    private static final long DEFAULT_TIMEOUT_NANOS = 120_000_000_000L;

    static {
        Thread watchdog = Thread.ofPlatform().daemon().name("http-watchdog").unstarted(() -> {
            while (true) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                for (HttpConn conn : OPEN) {
                    long deadline = conn.deadline;
                    if (deadline != 0 && now - deadline > 0) {
                        conn.timedOut = true;
                        conn.close();
                    }
                }
            }
        });
        watchdog.start();
    }

    private final InetSocketAddress address;
    private final String hostHeader;
    private SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private ByteBuffer discard;
    private volatile boolean timedOut;
    /** System.nanoTime() by which the current exchange must end; 0 between exchanges. */
    private volatile long deadline;
    private long timeoutNanos = DEFAULT_TIMEOUT_NANOS;

    HttpConn(String host, int port) {
        this.address = new InetSocketAddress(host, port);
        this.hostHeader = host + ":" + port;
    }

    HttpConn timeout(long seconds) {
        this.timeoutNanos = seconds * 1_000_000_000L;
        return this;
    }

    String hostHeader() {
        return hostHeader;
    }

    private void ensureOpen() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            in.clear().flip();
            timedOut = false;
            OPEN.add(this);
        }
    }

    @Override
    public void close() {
        OPEN.remove(this);
        SocketChannel c = channel;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }

    Response request(String method, String target, Map<String, String> headers, Body body, BodyMode mode)
            throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        long length = body.length();
        if (length >= 0) {
            if (length > 0 || !method.equals("GET") && !method.equals("HEAD")) {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
        } else {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body, method.equals("HEAD"), mode,
                null);
    }

    /** Sends pre-encoded request bytes (no body) and reads the response; the cheap path for load loops. */
    Response exchange(byte[] requestHead, Body body, boolean isHead, BodyMode mode, MessageDigest bodyDigest)
            throws IOException {
        ensureOpen();
        deadline = System.nanoTime() + timeoutNanos;
        try {
            writeFully(channel, ByteBuffer.wrap(requestHead));
            body.writeTo(channel);
            return readResponse(isHead, mode, bodyDigest);
        } catch (IOException e) {
            close();
            if (timedOut) {
                throw new IOException("exchange timed out after " + timeoutNanos / 1_000_000_000L + " s", e);
            }
            throw e;
        } finally {
            deadline = 0;
        }
    }

    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private Response readResponse(boolean isHead, BodyMode mode, MessageDigest digest) throws IOException {
        int end;
        while ((end = headEnd()) < 0) {
            fill();
        }
        byte[] a = in.array();
        int p = in.position();
        if (end - p < 12 || a[p] != 'H' || a[p + 5] != '1' || a[p + 6] != '.') {
            throw new IOException("bad status line: " + new String(a, p, Math.min(80, end - p),
                    StandardCharsets.ISO_8859_1));
        }
        int status = (a[p + 9] - '0') * 100 + (a[p + 10] - '0') * 10 + (a[p + 11] - '0');
        boolean closeAfter = a[p + 7] == '0';
        List<String[]> headers = mode == BodyMode.COLLECT ? new ArrayList<>() : List.of();
        long contentLength = -1;
        boolean chunked = false;
        int line = lineEnd(a, p, end) + 2;
        while (line < end) {
            int eol = lineEnd(a, line, end);
            int colon = line;
            while (colon < eol && a[colon] != ':') {
                colon++;
            }
            int v = colon + 1;
            while (v < eol && (a[v] == ' ' || a[v] == '\t')) {
                v++;
            }
            int nameLength = colon - line;
            if (nameLength == 14 && matches(a, line, "content-length")) {
                contentLength = Long.parseLong(new String(a, v, eol - v, StandardCharsets.ISO_8859_1).trim());
            } else if (nameLength == 17 && matches(a, line, "transfer-encoding")) {
                chunked = new String(a, v, eol - v, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                        .contains("chunked");
            } else if (nameLength == 10 && matches(a, line, "connection")) {
                closeAfter |= new String(a, v, eol - v, StandardCharsets.ISO_8859_1).trim()
                        .equalsIgnoreCase("close");
            }
            if (mode == BodyMode.COLLECT && colon < eol) {
                headers.add(new String[] {new String(a, line, nameLength, StandardCharsets.ISO_8859_1).trim()
                        .toLowerCase(Locale.ROOT), new String(a, v, eol - v, StandardCharsets.ISO_8859_1).trim()});
            }
            line = eol + 2;
        }
        in.position(end + 4);
        BodyReader reader = new BodyReader(mode, digest);
        if (isHead || status == 204 || status == 304 || status / 100 == 1) {
            // no body
        } else if (chunked) {
            readChunked(reader);
        } else if (contentLength >= 0) {
            reader.read(contentLength);
        } else {
            reader.readToEof();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, headers, reader.collected(), reader.count);
    }

    private static int lineEnd(byte[] a, int from, int end) {
        int i = from;
        while (i < end && !(a[i] == '\r' && a[i + 1] == '\n')) {
            i++;
        }
        return i;
    }

    /** Case-insensitive match of an ASCII header name. */
    private static boolean matches(byte[] a, int at, String lowerName) {
        for (int i = 0; i < lowerName.length(); i++) {
            int c = a[at + i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int headEnd() {
        byte[] a = in.array();
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads more bytes into the input buffer, keeping the unread part. */
    private void fill() throws IOException {
        in.compact();
        if (!in.hasRemaining()) {
            throw new IOException("response head too large");
        }
        int n = channel.read(in);
        in.flip();
        if (n < 0) {
            throw new EOFException("connection closed by server");
        }
    }

    private String readLine() throws IOException {
        while (true) {
            byte[] a = in.array();
            for (int i = in.position(); i + 1 < in.limit(); i++) {
                if (a[i] == '\r' && a[i + 1] == '\n') {
                    String line = new String(a, in.position(), i - in.position(), StandardCharsets.ISO_8859_1);
                    in.position(i + 2);
                    return line;
                }
            }
            fill();
        }
    }

    private void readChunked(BodyReader reader) throws IOException {
        while (true) {
            String line = readLine();
            int semi = line.indexOf(';');
            long size = Long.parseLong((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers are ignored
                }
                return;
            }
            reader.read(size);
            readLine();
        }
    }

    /** Consumes a body from the input buffer and then the channel, collecting, hashing or just counting it. */
    private final class BodyReader {
        private final BodyMode mode;
        private final MessageDigest digest;
        private java.io.ByteArrayOutputStream out;
        long count;

        BodyReader(BodyMode mode, MessageDigest digest) {
            this.mode = mode;
            this.digest = digest;
        }

        byte[] collected() {
            return out == null ? new byte[0] : out.toByteArray();
        }

        private void accept(ByteBuffer data) {
            count += data.remaining();
            if (digest != null) {
                digest.update(data.duplicate());
            }
            if (mode == BodyMode.COLLECT) {
                if (out == null) {
                    out = new java.io.ByteArrayOutputStream();
                }
                ByteBuffer d = data.duplicate();
                byte[] chunk = new byte[d.remaining()];
                d.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        void read(long length) throws IOException {
            long left = length;
            if (in.hasRemaining()) {
                int n = (int) Math.min(left, in.remaining());
                accept(in.slice(in.position(), n));
                in.position(in.position() + n);
                left -= n;
            }
            if (left == 0) {
                return;
            }
            if (mode == BodyMode.DISCARD && left > in.capacity()) {
                // large bodies go straight into a direct buffer: one copy less than a heap buffer
                if (discard == null) {
                    discard = ByteBuffer.allocateDirect(1 << 20);
                }
                while (left > 0) {
                    discard.clear().limit((int) Math.min(discard.capacity(), left));
                    int n = channel.read(discard);
                    if (n < 0) {
                        throw new EOFException("body ended " + left + " bytes early");
                    }
                    discard.flip();
                    accept(discard);
                    left -= n;
                }
                return;
            }
            while (left > 0) {
                in.clear();
                in.limit((int) Math.min(in.capacity(), left));
                int n = channel.read(in);
                in.flip();
                if (n < 0) {
                    throw new EOFException("body ended " + left + " bytes early");
                }
                accept(in);
                in.position(in.limit());
                left -= n;
            }
            in.clear().flip();
        }

        void readToEof() throws IOException {
            if (in.hasRemaining()) {
                accept(in);
                in.position(in.limit());
            }
            while (true) {
                in.clear();
                int n = channel.read(in);
                in.flip();
                if (n < 0) {
                    return;
                }
                accept(in);
                in.position(in.limit());
            }
        }
    }
}
