package dev.berth.registry;

import java.util.List;
import java.util.Optional;

/** One page of a listing; {@code next} is the cursor ({@code last=}) for the following page, when there is one. */
public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
        items = List.copyOf(items);
    }
}
