package dev.berth.storage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSourceTest {

    @Test
    void of_stream_handsOutFullHeapBuffersThenEnds() throws IOException {
        byte[] content = random(2 * StreamByteSource.BUFFER_SIZE + 10);
        ByteSource source = ByteSource.of(new ByteArrayInputStream(content));

        ByteBuffer first = source.next().orElseThrow();
        assertThat(first.hasArray()).isTrue();
        assertThat(first.remaining()).isEqualTo(StreamByteSource.BUFFER_SIZE);
        assertThat(source.next().orElseThrow().remaining()).isEqualTo(StreamByteSource.BUFFER_SIZE);
        assertThat(source.next().orElseThrow().remaining()).isEqualTo(10);
        assertThat(source.next()).isEmpty();
        assertThat(source.next()).isEmpty();
    }

    @Test
    void of_streamFailingMidBuffer_handsOutTheBytesBeforeThenThrows() throws IOException {
        byte[] prefix = random(1000);
        IOException failure = new IOException("reset");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(prefix), new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        });
        ByteSource source = ByteSource.of(failing);

        ByteBuffer before = source.next().orElseThrow();
        byte[] got = new byte[before.remaining()];
        before.get(got);
        assertThat(got).isEqualTo(prefix);
        assertThatThrownBy(source::next).isSameAs(failure);
        assertThatThrownBy(source::next).isSameAs(failure);
    }

    @Test
    void asInputStream_readsEveryByteInOrder() throws IOException {
        byte[] content = random(3 * StreamByteSource.BUFFER_SIZE + 7);
        ByteSource chunks = new ByteSource() {
            private int at;

            @Override
            public Optional<ByteBuffer> next() {
                if (at >= content.length) {
                    return Optional.empty();
                }
                int n = Math.min(12_345, content.length - at);
                ByteBuffer direct = ByteBuffer.allocateDirect(n).put(content, at, n).flip();
                at += n;
                return Optional.of(direct);
            }
        };

        try (InputStream in = chunks.asInputStream()) {
            assertThat(in.read(new byte[0], 0, 0)).isZero();
            byte[] all = in.readAllBytes();
            assertThat(all).isEqualTo(content);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
