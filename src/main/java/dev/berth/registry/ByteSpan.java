package dev.berth.registry;

/** A resolved, satisfiable byte range of a blob: {@code first} to {@code last} inclusive. */
public record ByteSpan(long first, long last) {
    public long length() {
        return last - first + 1;
    }
}
