package dev.berth.registry;

/** The {@code Range} header value of an upload holding {@code size} bytes. */
public final class UploadRanges {
    private UploadRanges() {
    }

    /**
     * {@code 0-<last byte>}; an empty upload is reported as {@code 0-0}, as distribution does and clients expect
     * (the spec's inclusive range cannot express zero bytes).
     */
    public static String header(long size) {
        return "0-" + Math.max(0, size - 1);
    }
}
