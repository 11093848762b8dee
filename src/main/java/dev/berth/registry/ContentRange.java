package dev.berth.registry;

/** The {@code Content-Range} of an upload chunk (spec: {@code <start>-<end>}, inclusive, no unit). */
public record ContentRange(long first, long last) {
    public long length() {
        return last - first + 1;
    }
}
