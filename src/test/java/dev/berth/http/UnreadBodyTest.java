package dev.berth.http;

import dev.berth.testing.RegistryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request refused before its body is read: the answer says {@code Connection: close} when the body has not all
 * arrived (the server will close), and keeps the connection when it has (read and discarded).
 */
class UnreadBodyTest {
    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.start();

    @Test
    void refusal_beforeTheBodyArrived_announcesTheClose() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "PATCH /v2/a/blobs/uploads/no-such-upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");

            String head = head(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 404").contains("Connection: close");
        }
    }

    @Test
    void refusal_withTheBodyArrived_keepsTheConnection() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "PATCH /v2/a/blobs/uploads/no-such-upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n"
                    + "bytes");
            String first = head(socket.getInputStream());
            socket.getInputStream().readNBytes(contentLength(first));
            write(socket, "GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(first).startsWith("HTTP/1.1 404").doesNotContain("Connection: close");
            assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void refusal_ofABodyStillBeingSent_answersAndKeepsTheConnection() throws Exception {
        byte[] body = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        try (Socket socket = connect()) {
            // A manifest over the 4 MiB limit: refused at its Content-Length, while the client is still sending.
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    write(socket, "PUT /v2/a/manifests/big HTTP/1.1\r\nHost: x\r\nContent-Type: "
                            + "application/vnd.oci.image.manifest.v1+json\r\nContent-Length: " + body.length + "\r\n\r\n");
                    socket.getOutputStream().write(body);
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String first = head(socket.getInputStream());
            socket.getInputStream().readNBytes(contentLength(first));
            sender.join(10_000);
            write(socket, "GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(first).startsWith("HTTP/1.1 413").doesNotContain("Connection: close");
            assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void refusal_ofAClientWaitingFor100Continue_closesWithoutInvitingTheBody() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "PATCH /v2/a/blobs/uploads/no-such-upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
                    + "Expect: 100-continue\r\n\r\n");

            String head = head(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 404").contains("Connection: close");
        }
    }

    @Test
    void refusal_ofABodyThatTrickles_givesUpWithinTheDrainLimit() throws Exception {
        try (Socket socket = connect()) {
            write(socket, "PATCH /v2/a/blobs/uploads/no-such-upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        write(socket, "x");
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // The server closed, or the test ended.
                }
            });
            long start = System.nanoTime();

            String head = head(socket.getInputStream());

            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            trickle.interrupt();
            assertThat(head).startsWith("HTTP/1.1 404").contains("Connection: close");
            assertThat(seconds).isLessThan(5);
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", registry.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void write(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
