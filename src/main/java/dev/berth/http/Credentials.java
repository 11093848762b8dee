package dev.berth.http;

import java.util.Optional;

/** What a request presents for authentication, as the access gate sees it. */
public record Credentials(Optional<String> authorization, String remoteAddress, boolean secure) {
}
