package dev.berth.auth.token;

import dev.berth.domain.RegistryException;
import dev.berth.http.tls.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token service's signing keys, one PEM file per key in a directory only the owner can read
 * ({@code es256-<created>-<random>.pem}, 0600, holding the PKCS#8 private key and its public key). The first start
 * makes a key; when the newest key is older than the rotation period a new one is made and signs from then on,
 * while older keys keep verifying until every token they signed has expired, after which their files are deleted.
 * Nodes that share the directory pick up each other's new keys: an unknown {@code kid} makes them look again (at
 * most every few seconds). A read-only directory (a mounted secret shared by several nodes) is used as it is: its
 * newest key signs, nothing is made or deleted.
 */
public final class SigningKeys {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private static final Pattern FILE = Pattern.compile("es256-(\\d{8}T\\d{6}Z)-[0-9a-f]{8}\\.pem");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration RESCAN_AFTER = Duration.ofSeconds(5);
    private static final int P256_BITS = 256;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path directory;
    private final Duration rotation;
    private final Duration retention;
    private final Clock clock;
    private List<SigningKey> keys = List.of();
    private Map<String, Path> files = Map.of();
    private Instant scannedAt = Instant.MIN;
    private boolean warnedReadOnly;

    /**
     * @param rotation  age after which a new key is made
     * @param retention how long a retired key keeps verifying (the longest token lifetime plus clock leeway)
     */
    public SigningKeys(Path directory, Duration rotation, Duration retention, Clock clock) {
        this.directory = directory;
        this.rotation = rotation;
        this.retention = retention;
        this.clock = clock;
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                restrict(directory, OWNER_ONLY_DIR);
            }
        } catch (IOException e) {
            throw RegistryException.internal("cannot create the token key directory " + directory, e);
        }
        current();
    }

    /** The key that signs now; makes a new one first when there is none or the newest is due for rotation. */
    public synchronized SigningKey current() {
        Instant now = clock.instant();
        if (keys.isEmpty() || isDue(newest(), now)) {
            scan();
        }
        if (keys.isEmpty() || isDue(newest(), now)) {
            if (Files.isWritable(directory)) {
                generate(now);
                scan();
            } else if (keys.isEmpty()) {
                throw RegistryException.internal("no token signing key in " + directory
                        + ", and the directory is read-only so none can be made", null);
            } else if (!warnedReadOnly) {
                warnedReadOnly = true;
                LOG.warn("the token signing key {} is due for rotation, but {} is read-only: replace the key there",
                        newest().kid(), directory);
            }
        }
        if (Files.isWritable(directory)) {
            prune(now);
        }
        return newest();
    }

    /** The key with this id, looking at the directory again when it is unknown (another node may have made it). */
    public synchronized Optional<SigningKey> byKid(String kid) {
        Optional<SigningKey> known = find(kid);
        if (known.isEmpty() && clock.instant().isAfter(scannedAt.plus(RESCAN_AFTER))) {
            scan();
            known = find(kid);
        }
        return known;
    }

    /** Every key currently kept, oldest first. */
    public synchronized List<SigningKey> all() {
        return keys;
    }

    private Optional<SigningKey> find(String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    private SigningKey newest() {
        return keys.getLast();
    }

    private boolean isDue(SigningKey key, Instant now) {
        return !key.created().plus(rotation).isAfter(now);
    }

    private void scan() {
        List<SigningKey> found = new ArrayList<>();
        Map<String, Path> paths = new HashMap<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*.pem")) {
            for (Path file : listing) {
                read(file).ifPresent(key -> {
                    found.add(key);
                    paths.put(key.kid(), file);
                });
            }
        } catch (IOException e) {
            throw RegistryException.internal("cannot read the token key directory " + directory, e);
        }
        found.sort(Comparator.comparing(SigningKey::created).thenComparing(SigningKey::kid));
        keys = List.copyOf(found);
        files = Map.copyOf(paths);
        scannedAt = clock.instant();
    }

    /**
     * Reads a key file: Berth's own ({@code es256-<created>-<random>.pem}, private and public key) or one put there
     * by hand, for example from a Kubernetes secret ({@code openssl genpkey -algorithm EC -pkeyopt
     * ec_paramgen_curve:P-256}: the public key is taken from the private key's encoding; the file's modification
     * time counts as its creation).
     */
    private Optional<SigningKey> read(Path file) {
        String fileName = file.getFileName().toString();
        if (fileName.startsWith(".")) {
            return Optional.empty();
        }
        try {
            Matcher name = FILE.matcher(fileName);
            Instant created = name.matches() ? STAMP.parse(name.group(1), Instant::from)
                    : Files.getLastModifiedTime(file).toInstant();
            warnIfReadableByOthers(file);
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            PrivateKey privateKey = Pem.privateKey(pem);
            List<PublicKey> publicKeys = Pem.publicKeys(pem);
            Optional<PublicKey> publicKey = publicKeys.size() == 1 ? Optional.of(publicKeys.getFirst())
                    : Pem.embeddedPublicKey(privateKey);
            if (!(privateKey instanceof ECPrivateKey ecPrivate) || publicKey.isEmpty()
                    || !(publicKey.get() instanceof ECPublicKey ecPublic)
                    || ecPublic.getParams().getCurve().getField().getFieldSize() != P256_BITS) {
                LOG.warn("ignoring token key file {}: not a P-256 private key with its public key", file);
                return Optional.empty();
            }
            return Optional.of(SigningKey.of(ecPrivate, ecPublic, created));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            LOG.warn("ignoring unreadable token key file {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private void generate(Instant now) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e);
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        Path target = directory.resolve("es256-" + STAMP.format(now) + "-" + HexFormat.of().formatHex(random) + ".pem");
        String pem = Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded())
                + Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded());
        Path temp = directory.resolve(".tmp-" + target.getFileName());
        try {
            Files.deleteIfExists(temp);
            Files.createFile(temp);
            restrict(temp, OWNER_ONLY_FILE);
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException e) {
            throw RegistryException.internal("cannot write a token signing key in " + directory, e);
        }
        LOG.info("made a new token signing key {}", target.getFileName());
    }

    /** Deletes keys retired long enough ago that no token they signed can still be valid. */
    private void prune(Instant now) {
        List<SigningKey> kept = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            boolean retiredLongAgo = i < keys.size() - 1 && keys.get(i + 1).created().plus(retention).isBefore(now);
            if (retiredLongAgo && delete(keys.get(i))) {
                continue;
            }
            kept.add(keys.get(i));
        }
        keys = List.copyOf(kept);
    }

    private boolean delete(SigningKey key) {
        Path file = files.get(key.kid());
        try {
            if (file != null) {
                Files.deleteIfExists(file);
                LOG.info("deleted retired token signing key {}", file.getFileName());
            }
            return true;
        } catch (IOException e) {
            LOG.warn("cannot delete retired token signing key {}: {}", key.kid(), e.toString());
            return false;
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix") || !Files.isWritable(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY_FILE.containsAll(permissions)) {
            LOG.warn("token key file {} is readable by others ({}); restricting it to the owner", file,
                    PosixFilePermissions.toString(permissions));
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
