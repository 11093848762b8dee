package dev.berth.registry;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A single byte range asked for by a pull (RFC 9110 §14.1.2): {@code first-last}, {@code first-} or the suffix
 * form {@code -length}.
 */
public record RangeRequest(OptionalLong first, OptionalLong last) {

    /**
     * The span to send for a blob of {@code size} bytes. An unsatisfiable range is a 416 carrying
     * {@code Content-Range: bytes * /size}.
     */
    public ByteSpan resolve(long size) {
        Optional<ByteSpan> span = spanFor(size);
        return span.orElseThrow(() -> RegistryException.of(ErrorCode.RANGE_INVALID, "range not satisfiable")
                .withHeader("Content-Range", "bytes */" + size));
    }

    private Optional<ByteSpan> spanFor(long size) {
        if (first.isEmpty()) {
            long suffix = last.orElseThrow();
            if (suffix <= 0 || size == 0) {
                return Optional.empty();
            }
            return Optional.of(new ByteSpan(Math.max(0, size - suffix), size - 1));
        }
        long start = first.getAsLong();
        if (start >= size) {
            return Optional.empty();
        }
        long end = last.isPresent() ? Math.min(last.getAsLong(), size - 1) : size - 1;
        if (end < start) {
            return Optional.empty();
        }
        return Optional.of(new ByteSpan(start, end));
    }
}
