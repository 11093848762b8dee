package dev.berth.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address the server binds: a host name or IP literal and a TCP port. Written {@code host:port}, with IPv6
 * literals in brackets ({@code [::1]:5000}). Port 0 asks the operating system for a free port (used by tests).
 */
public record ListenAddress(String host, int port) {
    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9a-fA-F:.%\\w]+)]:(\\d{1,5})");
    private static final Pattern PLAIN = Pattern.compile("([A-Za-z0-9.\\-]+):(\\d{1,5})");

    public ListenAddress {
        if (host.isBlank()) {
            throw new IllegalArgumentException("listen host must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}; throws {@link IllegalArgumentException} when malformed. */
    public static ListenAddress parse(String text) {
        String trimmed = text.strip();
        Matcher matcher = BRACKETED.matcher(trimmed);
        if (!matcher.matches()) {
            matcher = PLAIN.matcher(trimmed);
        }
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. 127.0.0.1:5000, "
                    + "0.0.0.0:5000 or [::1]:5000)");
        }
        int port = Integer.parseInt(matcher.group(2));
        if (port > 65_535) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " is outside 0-65535");
        }
        return new ListenAddress(matcher.group(1), port);
    }

    /** True for an IPv6 literal, which needs brackets in URLs and in {@link #toString()}. */
    public boolean isIpv6Literal() {
        return host.contains(":");
    }

    @Override
    public String toString() {
        return (isIpv6Literal() ? "[" + host + "]" : host) + ":" + port;
    }
}
