package dev.berth.storage;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Bytes of a blob opened for reading. A local file is exposed as such so the HTTP layer can send it without
 * copying through the heap; remote stores give a stream.
 */
public sealed interface BlobContent extends AutoCloseable {

    long length();

    @Override
    void close();

    /** A region of a local file. */
    record LocalFile(Path path, long offset, long length) implements BlobContent {
        @Override
        public void close() {
        }
    }

    /** A stream of exactly {@code length} bytes; closing it releases the connection. */
    record Stream(InputStream stream, long length) implements BlobContent {
        @Override
        public void close() {
            try {
                stream.close();
            } catch (java.io.IOException ignored) {
                // Nothing to recover: the stream was only being read.
            }
        }
    }
}
