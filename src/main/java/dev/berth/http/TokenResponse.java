package dev.berth.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An issued token.
 *
 * @param token        the signed JWT
 * @param expiresIn    its lifetime
 * @param issuedAt     when it was issued
 * @param refreshToken a long-lived refresh token, when one was asked for and the caller may have one
 * @param granted      the granted scopes ({@code repository:a/b:pull}), possibly fewer than asked, possibly none
 */
public record TokenResponse(String token, Duration expiresIn, Instant issuedAt, Optional<String> refreshToken,
                            List<String> granted) {
    public TokenResponse {
        granted = List.copyOf(granted);
    }

    @Override
    public String toString() {
        return "TokenResponse[token=****, expiresIn=" + expiresIn + ", issuedAt=" + issuedAt + ", refreshToken="
                + (refreshToken.isPresent() ? "****" : "none") + ", granted=" + granted + "]";
    }
}
