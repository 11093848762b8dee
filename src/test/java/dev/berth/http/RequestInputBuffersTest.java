package dev.berth.http;

import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestInputBuffersTest {
    private final RequestInputBuffers pool = new RequestInputBuffers(new ArrayByteBufferPool.Quadratic(0,
            RequestInputBuffers.LARGE, Integer.MAX_VALUE, 0, HttpServer.POOLED_DIRECT));

    @Test
    void acquire_inputSize_largeUntilAllAreLent_thenSmall() {
        List<RetainableByteBuffer> lent = new ArrayList<>();
        for (int i = 0; i < RequestInputBuffers.MAX_LARGE; i++) {
            RetainableByteBuffer buffer = pool.acquire(RequestInputBuffers.LARGE, true);
            assertThat(buffer.capacity()).isEqualTo(RequestInputBuffers.LARGE);
            assertThat(buffer.isDirect()).isTrue();
            lent.add(buffer);
        }
        assertThat(pool.largeAvailable()).isZero();

        RetainableByteBuffer fallback = pool.acquire(RequestInputBuffers.LARGE, true);
        assertThat(fallback.capacity()).isEqualTo(RequestInputBuffers.SMALL);
        fallback.release();
        assertThat(pool.largeAvailable()).isZero();

        lent.remove(0).release();
        assertThat(pool.largeAvailable()).isEqualTo(1);
        RetainableByteBuffer again = pool.acquire(RequestInputBuffers.LARGE, true);
        assertThat(again.capacity()).isEqualTo(RequestInputBuffers.LARGE);
        again.release();
        lent.forEach(RetainableByteBuffer::release);
        assertThat(pool.largeAvailable()).isEqualTo(RequestInputBuffers.MAX_LARGE);
    }

    @Test
    void release_retainedLargeBuffer_givesItsPlaceBackOnlyOnTheLastRelease() {
        RetainableByteBuffer buffer = pool.acquire(RequestInputBuffers.LARGE, true);
        buffer.retain();

        assertThat(buffer.release()).isFalse();
        assertThat(pool.largeAvailable()).isEqualTo(RequestInputBuffers.MAX_LARGE - 1);
        assertThat(buffer.release()).isTrue();
        assertThat(pool.largeAvailable()).isEqualTo(RequestInputBuffers.MAX_LARGE);
    }

    @Test
    void release_sliceReleasedLast_givesThePlaceBack() {
        RetainableByteBuffer buffer = pool.acquire(RequestInputBuffers.LARGE, true);
        buffer.getByteBuffer().limit(100).position(10);
        RetainableByteBuffer head = buffer.slice(50);
        RetainableByteBuffer rest = buffer.slice();

        assertThat(head.remaining()).isEqualTo(50);
        assertThat(rest.remaining()).isEqualTo(90);
        assertThat(buffer.release()).isFalse();
        assertThat(head.release()).isFalse();
        assertThat(pool.largeAvailable()).isEqualTo(RequestInputBuffers.MAX_LARGE - 1);
        assertThat(rest.release()).isTrue();
        assertThat(pool.largeAvailable()).isEqualTo(RequestInputBuffers.MAX_LARGE);
    }

    @Test
    void acquire_otherSizes_notCountedAndPooledUpToTheLargeSize() {
        RetainableByteBuffer read = pool.acquire(256 * 1024, true);
        RetainableByteBuffer header = pool.acquire(4096, false);

        assertThat(read.capacity()).isGreaterThanOrEqualTo(256 * 1024);
        assertThat(header.capacity()).isGreaterThanOrEqualTo(4096);
        assertThat(pool.largeAvailable()).isEqualTo(RequestInputBuffers.MAX_LARGE);
        read.release();
        header.release();

        // Released buffers of the read size go back to the pool and come out again.
        RetainableByteBuffer first = pool.acquire(256 * 1024, true);
        java.nio.ByteBuffer memory = first.getByteBuffer();
        first.release();
        RetainableByteBuffer second = pool.acquire(256 * 1024, true);
        assertThat(second.getByteBuffer()).isSameAs(memory);
        second.release();
    }
}
