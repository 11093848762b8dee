package dev.berth.faults;

import java.io.InputStream;

/** Serves a byte array in small pieces with a pause before each, like a client on a slow link. */
final class DribbleStream extends InputStream {
    private final byte[] content;
    private final int piece;
    private final long pauseMillis;
    private int position;

    DribbleStream(byte[] content, int piece, long pauseMillis) {
        this.content = content;
        this.piece = piece;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= content.length) {
            return -1;
        }
        pause();
        int n = Math.min(Math.min(length, piece), content.length - position);
        System.arraycopy(content, position, buffer, offset, n);
        position += n;
        return n;
    }

    private void pause() {
        try {
            Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
