import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop HEAD requests the way wrk does GETs: a few event-loop threads, each driving its share of the
 * connections with one selector, one pre-encoded request and no allocation per request. Each connection sends
 * its next request as soon as the previous answer's head has arrived.
 */
final class HeadLoad {

    private static final class Conn {
        SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        long sentAt;
        int matched;
        boolean closing;
    }

    private static void connect(Conn c, Selector selector, InetSocketAddress address) throws IOException {
        SocketChannel ch = SocketChannel.open(address);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, c);
        c.channel = ch;
        c.closing = false;
    }

    private HeadLoad() {
    }

    static Load.Result run(String host, int port, int connections, int threads, double seconds, byte[] request)
            throws IOException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] window = new long[2];
        CyclicBarrier start = new CyclicBarrier(threads, () -> {
            window[0] = System.nanoTime();
            window[1] = window[0] + (long) (seconds * 1e9);
        });
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        long[] ends = new long[threads];
        List<Thread> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int loop = t;
            int share = connections / threads + (t < connections % threads ? 1 : 0);
            loops.add(Thread.ofPlatform().name("head-loop-" + t).start(() -> {
                long[] lat = new long[1 << 14];
                int n = 0;
                List<Conn> conns = new ArrayList<>();
                try (Selector selector = Selector.open()) {
                    InetSocketAddress address = new InetSocketAddress(host, port);
                    for (int i = 0; i < share; i++) {
                        Conn c = new Conn();
                        connect(c, selector, address);
                        conns.add(c);
                    }
                    start.await(30, TimeUnit.SECONDS);
                    long deadline = window[1];
                    ByteBuffer req = ByteBuffer.wrap(request);
                    for (Conn c : conns) {
                        send(c, req);
                    }
                    int active = conns.size();
                    long lastProgress = System.nanoTime();
                    while (active > 0 && failure.get() == null) {
                        selector.select(1000);
                        long now = System.nanoTime();
                        if (now - lastProgress > 30_000_000_000L) {
                            throw new IOException("no HEAD answer for 30 s");
                        }
                        for (SelectionKey key : selector.selectedKeys()) {
                            Conn c = (Conn) key.attachment();
                            if (!headArrived(c)) {
                                continue;
                            }
                            lastProgress = now;
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = now - c.sentAt;
                            if (now < deadline) {
                                if (c.closing) {
                                    // the server ends keep-alive connections after some requests: reconnect
                                    c.channel.close();
                                    connect(c, selector, address);
                                }
                                send(c, req);
                            } else {
                                key.cancel();
                                active--;
                            }
                        }
                        selector.selectedKeys().clear();
                    }
                    ends[loop] = System.nanoTime();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    start.reset();
                } finally {
                    for (Conn c : conns) {
                        try {
                            c.channel.close();
                        } catch (IOException ignored) {
                            // closing is best effort
                        }
                    }
                }
                latencies[loop] = lat;
                counts[loop] = n;
            }));
        }
        for (Thread t : loops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (failure.get() != null) {
            throw new IOException("HEAD load failed: " + failure.get(), failure.get());
        }
        long last = window[0];
        for (long e : ends) {
            last = Math.max(last, e);
        }
        return Load.summarize(latencies, counts, (last - window[0]) / 1e9);
    }

    private static void send(Conn c, ByteBuffer req) throws IOException {
        req.rewind();
        c.sentAt = System.nanoTime();
        while (req.hasRemaining()) {
            c.channel.write(req);
        }
    }

    /** Whether the head in a[0, end) has a "Connection: close" header. */
    private static boolean connectionClose(byte[] a, int end) {
        String head = new String(a, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = 0;
        while ((at = head.indexOf('\n', at) + 1) > 0) {
            if (head.regionMatches(true, at, "connection:", 0, 11)) {
                int eol = head.indexOf('\r', at);
                return head.substring(at + 11, eol < 0 ? head.length() : eol).trim().equalsIgnoreCase("close");
            }
        }
        return false;
    }

    /**
     * Reads what arrived; true once a whole response head (a HEAD answer has no body) is in, checked to be 200.
     */
    private static boolean headArrived(Conn c) throws IOException {
        int read = c.channel.read(c.in);
        if (read < 0) {
            throw new IOException("server closed a HEAD connection");
        }
        byte[] a = c.in.array();
        int limit = c.in.position();
        for (int i = c.matched; i + 3 < limit; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                if (a[9] != '2' || a[10] != '0' || a[11] != '0') {
                    throw new IOException("HEAD answered " + new String(a, 0, Math.min(limit, 12),
                            java.nio.charset.StandardCharsets.ISO_8859_1).strip());
                }
                c.closing = connectionClose(a, i);
                if (i + 4 != limit) {
                    throw new IOException("HEAD answer followed by " + (limit - i - 4) + " unexpected bytes");
                }
                c.in.clear();
                c.matched = 0;
                return true;
            }
        }
        c.matched = Math.max(0, limit - 3);
        if (!c.in.hasRemaining()) {
            throw new IOException("HEAD answer head larger than " + c.in.capacity() + " bytes");
        }
        return false;
    }
}
