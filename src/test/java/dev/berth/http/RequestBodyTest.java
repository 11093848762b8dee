package dev.berth.http;

import org.eclipse.jetty.io.content.AsyncContent;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodyTest {

    @Test
    void next_chunksArrivingLater_handsThemOutInOrderThenEnds() throws Exception {
        AsyncContent content = new AsyncContent();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (String part : new String[] {"first ", "second ", "", "third"}) {
                pause();
                content.write(false, bytes(part), Callback.NOOP);
            }
            content.close();
        });
        ByteArrayOutputStream read = new ByteArrayOutputStream();

        try (RequestBody body = new RequestBody(content)) {
            for (Optional<ByteBuffer> next = body.next(); next.isPresent(); next = body.next()) {
                assertThat(next.get().hasRemaining()).isTrue();
                byte[] copy = new byte[next.get().remaining()];
                next.get().get(copy);
                read.writeBytes(copy);
            }
            assertThat(body.next()).isEmpty();
        }

        writer.get(5, TimeUnit.SECONDS);
        assertThat(read.toString(StandardCharsets.US_ASCII)).isEqualTo("first second third");
    }

    @Test
    void next_releasesTheChunkHandedOutBefore_andCloseTheLastOne() throws Exception {
        AsyncContent content = new AsyncContent();
        FutureCallback firstReleased = new FutureCallback();
        FutureCallback secondReleased = new FutureCallback();
        content.write(false, bytes("one"), firstReleased);
        content.write(false, bytes("two"), secondReleased);

        RequestBody body = new RequestBody(content);
        body.next();
        assertThat(firstReleased.isDone()).isFalse();
        body.next();
        assertThat(firstReleased.isDone()).isTrue();
        assertThat(secondReleased.isDone()).isFalse();
        body.close();
        assertThat(secondReleased.isDone()).isTrue();
    }

    @Test
    void next_sourceFails_handsOutWhatCameBefore_thenThrowsOnEveryCall() throws IOException {
        AsyncContent content = new AsyncContent();
        content.write(false, bytes("partial"), Callback.NOOP);

        try (RequestBody body = new RequestBody(content)) {
            assertThat(body.next()).hasValueSatisfying(buffer ->
                    assertThat(StandardCharsets.US_ASCII.decode(buffer).toString()).isEqualTo("partial"));
            content.fail(new IOException("connection reset"));
            assertThatThrownBy(body::next).isInstanceOf(IOException.class).hasMessageContaining("connection reset");
            assertThatThrownBy(body::next).isInstanceOf(IOException.class).hasMessageContaining("connection reset");
        }
    }

    @Test
    void next_transientFailure_isAFailureOfTheBodyToo() throws IOException {
        AsyncContent content = new AsyncContent();
        content.fail(new java.util.concurrent.TimeoutException("idle timeout"), false);

        try (RequestBody body = new RequestBody(content)) {
            assertThatThrownBy(body::next).isInstanceOf(IOException.class).hasMessageContaining("idle timeout");
            assertThatThrownBy(body::next).isInstanceOf(IOException.class);
        }
    }

    @Test
    void next_emptyBody_endsAtOnce() throws IOException {
        AsyncContent content = new AsyncContent();
        content.close();

        try (RequestBody body = new RequestBody(content)) {
            assertThat(body.next()).isEmpty();
        }
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
