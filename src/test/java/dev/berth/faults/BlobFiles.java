package dev.berth.faults;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Inspects a filesystem blob store's {@code blobs/} tree from outside, as an operator would after a crash. */
final class BlobFiles {
    private BlobFiles() {
    }

    /**
     * Every regular file under {@code blobsDir} that is not a complete blob: a file not at
     * {@code <alg>/<first two hex>/<hex>}, or whose content does not hash to its name. Empty means that nothing
     * partial could ever be served.
     */
    static List<String> misnamed(Path blobsDir) {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(blobsDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Optional<Digest> named = digestNamedBy(blobsDir.relativize(file));
                if (named.isEmpty()) {
                    problems.add(file + " is not at a blob path");
                } else if (!hash(file, named.get().algorithm()).equals(named.get())) {
                    problems.add(file + " holds " + Files.size(file) + " bytes that do not hash to its name");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    /** The number of blob files in the tree. */
    static long count(Path blobsDir) {
        try (Stream<Path> files = Files.walk(blobsDir)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Digest> digestNamedBy(Path relative) {
        if (relative.getNameCount() != 3) {
            return Optional.empty();
        }
        String hex = relative.getName(2).toString();
        if (!hex.startsWith(relative.getName(1).toString()) || relative.getName(1).toString().length() != 2) {
            return Optional.empty();
        }
        return DigestAlgorithm.fromId(relative.getName(0).toString())
                .flatMap(algorithm -> Digest.tryParse(algorithm.id() + ":" + hex));
    }

    private static Digest hash(Path file, DigestAlgorithm algorithm) throws IOException {
        MessageDigest digest = algorithm.newMessageDigest();
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return Digest.of(algorithm, digest.digest());
    }
}
