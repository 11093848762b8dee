import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A blob to push: the first {@code size - 16} bytes of the shared random data file, then a 16-byte tail that
 * makes every pushed blob distinct. The digest comes from a saved SHA-256 state of the prefix, so a fresh blob
 * costs the client no hashing. File bytes go to the socket with sendfile ({@code transferTo}).
 */
record BlobSource(FileChannel file, long size, byte[] tail, String digest) {

    static final int TAIL = 16;

    static BlobSource of(DataFile data, long size, String uniqueTail) {
        byte[] tail = new byte[TAIL];
        byte[] t = uniqueTail.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, tail, 0, Math.min(t.length, TAIL));
        MessageDigest state = data.prefixState(size - TAIL);
        MessageDigest sha;
        try {
            sha = (MessageDigest) state.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        sha.update(tail);
        return new BlobSource(data.channel(), size, tail, "sha256:" + Hex.of(sha.digest()));
    }

    private long prefix() {
        return size - TAIL;
    }

    /** Writes bytes [start, end) of the blob to the socket. */
    void writeRange(SocketChannel channel, long start, long end) throws IOException {
        long pos = start;
        long fileEnd = Math.min(end, prefix());
        while (pos < fileEnd) {
            long n = file.transferTo(pos, fileEnd - pos, channel);
            if (n <= 0) {
                throw new IOException("sendfile made no progress at " + pos);
            }
            pos += n;
        }
        if (end > prefix()) {
            int from = (int) (Math.max(start, prefix()) - prefix());
            int to = (int) (end - prefix());
            HttpConn.writeFully(channel, ByteBuffer.wrap(tail, from, to - from));
        }
    }

    /** Copies bytes starting at {@code pos} into {@code dst} until it is full or the blob ends. */
    void read(long pos, ByteBuffer dst) throws IOException {
        long p = pos;
        while (dst.hasRemaining() && p < prefix()) {
            int limit = dst.limit();
            dst.limit((int) Math.min(limit, dst.position() + (prefix() - p)));
            int n = file.read(dst, p);
            dst.limit(limit);
            if (n < 0) {
                throw new IOException("data file shorter than expected");
            }
            p += n;
        }
        while (dst.hasRemaining() && p < size) {
            dst.put(tail[(int) (p - prefix())]);
            p++;
        }
    }

    HttpConn.Body body(long start, long end) {
        return new HttpConn.Body() {
            public long length() {
                return end - start;
            }

            public void writeTo(SocketChannel channel) throws IOException {
                writeRange(channel, start, end);
            }
        };
    }

    HttpConn.Body whole() {
        return body(0, size);
    }

    /** The whole blob in chunked transfer encoding, {@code chunk} bytes a chunk, like a streaming client sends. */
    HttpConn.Body streamed(int chunk) {
        return new HttpConn.Body() {
            public long length() {
                return -1;
            }

            public void writeTo(SocketChannel channel) throws IOException {
                int perBatch = Math.max(1, (1 << 20) / chunk);
                ByteBuffer data = ByteBuffer.allocateDirect(perBatch * chunk);
                ByteBuffer crlf = ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.US_ASCII));
                long pos = 0;
                while (pos < size) {
                    data.clear();
                    data.limit((int) Math.min(data.capacity(), size - pos));
                    read(pos, data);
                    data.flip();
                    int batch = data.remaining();
                    int pieces = (batch + chunk - 1) / chunk;
                    ByteBuffer[] out = new ByteBuffer[pieces * 3];
                    for (int i = 0; i < pieces; i++) {
                        int from = i * chunk;
                        int len = Math.min(chunk, batch - from);
                        out[i * 3] = ByteBuffer.wrap((Integer.toHexString(len) + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out[i * 3 + 1] = data.slice(from, len);
                        out[i * 3 + 2] = crlf.duplicate();
                    }
                    long left = 0;
                    for (ByteBuffer b : out) {
                        left += b.remaining();
                    }
                    while (left > 0) {
                        left -= channel.write(out);
                    }
                    pos += batch;
                }
                HttpConn.writeFully(channel, ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            }
        };
    }
}
