import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The push ceiling: the least a registry must do with an uploaded blob. Receives a request with a
 * Content-Length body over loopback, hashes it with SHA-256, writes it to a new file, fsyncs, then replies
 * 201 with the digest. Usage: {@code java Sink PORT DIR}.
 *
 * <p>Like the registries, it keeps what it received until the run ends (bench/run.sh removes DIR): deleting a
 * 1 GiB file right away made the file system discard 1 GiB (ext4 mounted with {@code discard}) while the next
 * measurement, another server's push, was running.
 */
public final class Sink {
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[1]));
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
            while (true) {
                SocketChannel ch = server.accept();
                Thread.ofVirtual().start(() -> serve(ch, dir));
            }
        }
    }

    private static void serve(SocketChannel ch, Path dir) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (ch) {
            while (true) {
                String head = "";
                while (!head.contains("\r\n\r\n")) {
                    if (ch.read(buf) < 0) {
                        return;
                    }
                    head = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
                }
                int bodyStart = head.indexOf("\r\n\r\n") + 4;
                long left = head.substring(0, bodyStart).lines().filter(l -> l.regionMatches(true, 0, "content-length:", 0, 15))
                        .mapToLong(l -> Long.parseLong(l.substring(15).trim())).findFirst().orElse(0);
                buf.flip().position(bodyStart);
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                Path file = Files.createTempFile(dir, "upload-", ".data");
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    while (left > 0) {
                        if (!buf.hasRemaining()) {
                            buf.clear().limit((int) Math.min(buf.capacity(), left));
                            if (ch.read(buf) < 0) {
                                return;
                            }
                            buf.flip();
                        }
                        buf.limit(buf.position() + (int) Math.min(buf.remaining(), left));
                        left -= buf.remaining();
                        sha.update(buf.array(), buf.position(), buf.remaining());
                        while (buf.hasRemaining()) {
                            out.write(buf);
                        }
                    }
                    out.force(true);
                }
                String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
                ch.write(ByteBuffer.wrap(("HTTP/1.1 201 Created\r\nDocker-Content-Digest: " + digest
                        + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
                buf.clear();
            }
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            System.err.println("sink: " + e);
        }
    }
}
