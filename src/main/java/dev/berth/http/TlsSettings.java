package dev.berth.http;

import java.nio.file.Path;
import java.time.Duration;

/** The PEM files the TLS listener serves, and how often they are checked for a renewal. */
public record TlsSettings(Path certificate, Path key, Duration reloadInterval) {
}
