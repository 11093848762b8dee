package dev.berth.storage.fs;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} in a local directory, laid out as described by {@link FileLayout}. Blobs are written through
 * their upload's file and renamed into place, so a crash never exposes partial bytes under {@code blobs/}.
 * Reads are handed out as {@link BlobContent.LocalFile} so the HTTP layer can send them without copying.
 */
public final class FileBlobStore implements BlobStore {

    private final FileLayout layout;
    private final EarlyWriteback writeback;
    private final DirectWrites direct;
    private final PrefixDirectories prefixes = new PrefixDirectories();

    /** Opens the store under {@code root}, creating the directory tree when it is missing; direct writes when possible. */
    public FileBlobStore(Path root) {
        this(root, true);
    }

    /**
     * Opens the store under {@code root}, creating the directory tree when it is missing. With {@code directWrites}
     * uploads are written around the page cache when the file system allows it ({@link DirectWrites}).
     */
    public FileBlobStore(Path root, boolean directWrites) {
        this(root, new EarlyWriteback(), directWrites);
    }

    /** With a given writeback (tests make it fail). */
    FileBlobStore(Path root, EarlyWriteback writeback, boolean directWrites) {
        this.layout = new FileLayout(root);
        this.writeback = writeback;
        try {
            for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
                Files.createDirectories(layout.algorithmDir(algorithm));
            }
            Files.createDirectories(layout.uploads());
        } catch (IOException e) {
            throw RegistryException.unavailable("cannot create blob store directories under " + layout.root(), e);
        }
        this.direct = directWrites ? DirectWrites.probe(layout.uploads()) : DirectWrites.disabled();
    }

    /** The direct-write support and staging pool (tests look at it). */
    DirectWrites directWrites() {
        return direct;
    }

    @Override
    public Optional<Long> size(Digest digest) {
        try {
            return Optional.of(Files.size(layout.blobPath(digest)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw RegistryException.internal("cannot stat blob " + digest, e);
        }
    }

    @Override
    public BlobContent read(Digest digest, long offset, long length) {
        long size = size(digest).orElseThrow(() -> RegistryException.of(ErrorCode.BLOB_UNKNOWN, "blob unknown"));
        if (offset < 0 || length < 0 || offset > size - length) {
            throw RegistryException.of(ErrorCode.RANGE_INVALID,
                    "range " + offset + "+" + length + " is outside blob of " + size + " bytes");
        }
        return new BlobContent.LocalFile(layout.blobPath(digest), offset, length);
    }

    @Override
    public boolean delete(Digest digest) {
        try {
            return Files.deleteIfExists(layout.blobPath(digest));
        } catch (IOException e) {
            throw RegistryException.internal("cannot delete blob " + digest, e);
        }
    }

    /** Walks {@code blobs/<alg>/<prefix>/}, skipping any entry that is not a blob at its digest's path. */
    @Override
    public Stream<Digest> list() {
        return Arrays.stream(DigestAlgorithm.values()).flatMap(algorithm ->
                children(layout.algorithmDir(algorithm))
                        .filter(prefix -> Files.isDirectory(prefix, LinkOption.NOFOLLOW_LINKS))
                        .flatMap(FileBlobStore::children)
                        .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                        .flatMap(file -> FileLayout.digestOf(algorithm, file).stream()));
    }

    /** One new file, {@code uploads/<id>}: the upload's data, renamed to its blob path at commit. */
    @Override
    public BlobUpload createUpload(String uploadId) {
        Path data = layout.uploadEntry(uploadId);
        try {
            Files.createFile(data);
        } catch (FileAlreadyExistsException e) {
            throw RegistryException.internal("upload " + uploadId + " already exists", e);
        } catch (IOException e) {
            throw RegistryException.internal("cannot create upload " + uploadId, e);
        }
        return new FileBlobUpload(layout, direct, writeback, prefixes, uploadId, data, Optional.empty());
    }

    /** The upload's file, or a directory of the older layout ({@code uploads/<id>/data}) left by an earlier version. */
    @Override
    public BlobUpload openUpload(String uploadId) {
        Path entry = layout.uploadEntry(uploadId);
        if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            return new FileBlobUpload(layout, direct, writeback, prefixes, uploadId, entry, Optional.empty());
        }
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            return new FileBlobUpload(layout, direct, writeback, prefixes, uploadId, FileLayout.legacyData(entry),
                    Optional.of(entry));
        }
        throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + uploadId + " does not exist");
    }

    /**
     * Idle time is the data file's modification time; an upload directory of the older layout without a data file
     * (a crash while it was created) is judged by the directory's own time so the purge still removes it.
     */
    @Override
    public Stream<String> uploadsIdleSince(Instant cutoff) {
        FileTime limit = FileTime.from(cutoff);
        return children(layout.uploads())
                .filter(entry -> FileLayout.isUploadId(entry.getFileName().toString()))
                .filter(entry -> lastWrite(entry).filter(time -> time.compareTo(limit) < 0).isPresent())
                .map(entry -> entry.getFileName().toString());
    }

    private static Optional<FileTime> lastWrite(Path uploadEntry) {
        if (Files.isRegularFile(uploadEntry, LinkOption.NOFOLLOW_LINKS)) {
            return modifiedTime(uploadEntry);
        }
        if (Files.isDirectory(uploadEntry, LinkOption.NOFOLLOW_LINKS)) {
            return modifiedTime(FileLayout.legacyData(uploadEntry)).or(() -> modifiedTime(uploadEntry));
        }
        return Optional.empty();
    }

    private static Optional<FileTime> modifiedTime(Path path) {
        try {
            return Optional.of(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw RegistryException.internal("cannot stat " + path, e);
        }
    }

    @Override
    public void ping() {
        for (Path dir : new Path[] {layout.root(), layout.blobs(), layout.uploads()}) {
            if (!Files.isDirectory(dir) || !Files.isReadable(dir) || !Files.isWritable(dir)) {
                throw RegistryException.of(ErrorCode.UNAVAILABLE, "blob store directory " + dir
                        + " is missing or not readable and writable");
            }
        }
    }

    @Override
    public void close() {
        writeback.close();
        direct.close();
    }

    /** Entries of a directory; a directory removed meanwhile simply has none. The caller closes the stream. */
    private static Stream<Path> children(Path dir) {
        try {
            return Files.list(dir);
        } catch (NoSuchFileException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw RegistryException.internal("cannot list " + dir, e);
        }
    }
}
