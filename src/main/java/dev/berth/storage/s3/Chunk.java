package dev.berth.storage.s3;

/** The object holding the bytes of one append: {@code size} bytes of the upload starting at {@code offset}. */
record Chunk(String key, long offset, long size) {
    long end() {
        return offset + size;
    }
}
