import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The shared random data every big push, the sink and nginx read from: generated once into bench/work (kept
 * between runs), read through the page cache. One hashing pass at start-up saves the SHA-256 state at each
 * prefix length a blob will need, so unique blobs cost no client hashing later.
 */
final class DataFile {
    private final FileChannel channel;
    private final Path path;
    private final Map<Long, MessageDigest> states = new TreeMap<>();

    private DataFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static DataFile open(Path path, long size, long... prefixes) throws IOException {
        if (!Files.exists(path) || Files.size(path) != size) {
            generate(path, size);
        }
        DataFile data = new DataFile(path, FileChannel.open(path, StandardOpenOption.READ));
        data.hashPrefixes(prefixes);
        return data;
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    MessageDigest prefixState(long length) {
        MessageDigest state = states.get(length);
        if (state == null) {
            throw new IllegalArgumentException("no saved SHA-256 state for prefix " + length);
        }
        return state;
    }

    private static void generate(Path path, long size) throws IOException {
        Files.createDirectories(path.getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        SplittableRandom random = new SplittableRandom(0x5EEDBE27L);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long written = 0;
            while (written < size) {
                buf.clear();
                while (buf.remaining() >= 8) {
                    buf.putLong(random.nextLong());
                }
                buf.flip();
                buf.limit((int) Math.min(buf.limit(), size - written));
                while (buf.hasRemaining()) {
                    written += out.write(buf);
                }
            }
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private void hashPrefixes(long... prefixes) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] points = prefixes.clone();
        java.util.Arrays.sort(points);
        byte[] buf = new byte[1 << 20];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long pos = 0;
        for (long point : points) {
            while (pos < point) {
                bb.clear().limit((int) Math.min(buf.length, point - pos));
                int n = channel.read(bb, pos);
                if (n < 0) {
                    throw new IOException("data file shorter than " + point);
                }
                sha.update(buf, 0, n);
                pos += n;
            }
            try {
                states.put(point, (MessageDigest) sha.clone());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
