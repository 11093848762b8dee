package dev.berth.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Users from an Apache htpasswd file ({@code user:hash} per line). Only bcrypt entries ({@code htpasswd -B}:
 * {@code $2y$}, {@code $2a$}, {@code $2b$}) are used; other hash types (MD5 {@code $apr1$}, SHA1, crypt, plain)
 * are skipped with a warning naming the user, never the hash. The file is read again when its modification time
 * or size changes, checked at most once per {@link #RECHECK}; a file that cannot be read keeps the users last
 * read, a missing file means no users.
 */
public final class HtpasswdFile {
    static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(HtpasswdFile.class);

    private final Path file;
    private final Clock clock;
    private Map<String, String> hashes = Map.of();
    private Optional<Stamp> loaded = Optional.empty();
    private Instant checkedAt = Instant.MIN;

    public HtpasswdFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        refresh(true);
    }

    public Path path() {
        return file;
    }

    /** The bcrypt hash of {@code user}, from the file as it is now. */
    public synchronized Optional<String> hash(String user) {
        refresh(false);
        return Optional.ofNullable(hashes.get(user));
    }

    private void refresh(boolean force) {
        Instant now = clock.instant();
        if (!force && now.isBefore(checkedAt.plus(RECHECK))) {
            return;
        }
        checkedAt = now;
        Optional<Stamp> current = stamp();
        if (current.equals(loaded) && !force) {
            return;
        }
        if (current.isEmpty()) {
            if (!hashes.isEmpty() || force) {
                LOG.warn("htpasswd file {} does not exist: no users from it", file);
            }
            hashes = Map.of();
            loaded = current;
            return;
        }
        try {
            hashes = parse(Files.readString(file, StandardCharsets.UTF_8));
            loaded = current;
            LOG.info("loaded {} bcrypt users from htpasswd file {}", hashes.size(), file);
        } catch (IOException e) {
            LOG.warn("cannot read htpasswd file {} ({}); keeping the {} users read before", file, e.toString(),
                    hashes.size());
        }
    }

    private Optional<Stamp> stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new Stamp(attributes.lastModifiedTime(), attributes.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return loaded;
        }
    }

    private Map<String, String> parse(String content) {
        Map<String, String> parsed = new HashMap<>();
        int lineNumber = 0;
        for (String line : content.split("\r?\n")) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                LOG.warn("htpasswd file {} line {}: not 'user:hash', ignored", file, lineNumber);
                continue;
            }
            String user = trimmed.substring(0, colon);
            String hash = trimmed.substring(colon + 1);
            if (!PasswordHashing.isBcrypt(hash)) {
                LOG.warn("htpasswd file {} line {}: user '{}' has a non-bcrypt hash (use htpasswd -B), ignored", file,
                        lineNumber, user);
                continue;
            }
            parsed.put(user, hash);
        }
        return Map.copyOf(parsed);
    }

    private record Stamp(FileTime modified, long size) {
    }
}
