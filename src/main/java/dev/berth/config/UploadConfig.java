package dev.berth.config;

import java.time.Duration;

/**
 * Blob upload sessions.
 *
 * @param purgeAfter    an upload untouched for this long is cancelled and its bytes removed
 * @param purgeInterval how often the purge looks for stale uploads
 */
public record UploadConfig(Duration purgeAfter, Duration purgeInterval) {
}
