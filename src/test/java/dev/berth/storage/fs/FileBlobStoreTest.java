package dev.berth.storage.fs;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobStoreContract;
import dev.berth.storage.BlobUpload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.ArrayList;
import java.nio.ByteBuffer;
import java.io.SequenceInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FileBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;

    @Override
    protected BlobStore newStore() {
        return new FileBlobStore(root);
    }

    @Override
    protected BlobStore reopen(BlobStore old) {
        old.close();
        return new FileBlobStore(root);
    }

    @Override
    protected BlobStore newUnreachableStore() {
        Path gone = root.resolve("unreachable");
        BlobStore unreachable = new FileBlobStore(gone);
        deleteTree(gone);
        return unreachable;
    }

    @Test
    void newStore_emptyDirectory_createsBlobAndUploadTrees() {
        assertThat(root.resolve("blobs/sha256")).isDirectory();
        assertThat(root.resolve("blobs/sha512")).isDirectory();
        assertThat(root.resolve("uploads")).isDirectory();
    }

    @Test
    void createUpload_validId_makesOneEmptyFileNamedByTheId() {
        store.createUpload("Abc_123-x");

        assertThat(root.resolve("uploads/Abc_123-x")).isRegularFile().isEmptyFile();
    }

    @Test
    void olderLayout_uploadDirectoryWithDataFile_continuesAndCommits() throws IOException {
        String id = newUploadId();
        Path directory = Files.createDirectory(root.resolve("uploads/" + id));
        Files.write(directory.resolve("data"), "written by ".getBytes());
        BlobUpload upload = store.openUpload(id);
        byte[] content = "written by an earlier version".getBytes();

        assertThat(upload.size()).isEqualTo(11);
        upload.append(new ByteArrayInputStream(content, 11, content.length - 11), BlobUpload.ChunkObserver.NONE);
        upload.commit(Digest.sha256(content));

        assertThat(blobFilesVerified()).containsExactly(Digest.sha256(content));
        assertThat(root.resolve("uploads")).isEmptyDirectory();
    }

    @Test
    void olderLayout_uploadDirectory_listedWhenIdleAndCancellable() throws IOException {
        String id = newUploadId();
        Path directory = Files.createDirectory(root.resolve("uploads/" + id));
        Files.write(directory.resolve("data"), "old".getBytes());
        Files.setLastModifiedTime(directory.resolve("data"), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().minus(Duration.ofHours(1)))) {
            assertThat(idle).containsExactly(id);
        }
        store.openUpload(id).cancel();

        assertThat(directory).doesNotExist();
        assertCode(() -> store.openUpload(id), ErrorCode.BLOB_UPLOAD_UNKNOWN);
    }

    @Test
    void commit_sha256Blob_storedAtAlgorithmPrefixHexPath() {
        byte[] content = "hello, layout".getBytes();
        Digest digest = push(DigestAlgorithm.SHA256, content);
        Path expected = root.resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());

        assertThat(expected).isRegularFile().hasBinaryContent(content);
        assertThat(root.resolve("uploads")).isEmptyDirectory();
    }

    @Test
    void read_storedBlob_returnsRegionOfTheBlobFile() {
        byte[] content = randomBytes(21, 4096);
        Digest digest = push(DigestAlgorithm.SHA512, content);

        try (BlobContent read = store.read(digest, 10, 20)) {
            Path expected = root.resolve("blobs/sha512/" + digest.hex().substring(0, 2) + "/" + digest.hex());
            assertThat(read).isEqualTo(new BlobContent.LocalFile(expected, 10, 20));
        }
    }

    @Test
    void commitsAndCancels_mixed_leaveOnlyCompleteDigestNamedFilesUnderBlobs() throws IOException {
        Set<Digest> pushed = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            byte[] content = randomBytes(30 + i % 4, 1000 + i % 4);
            pushed.add(push(i % 2 == 0 ? DigestAlgorithm.SHA256 : DigestAlgorithm.SHA512, content));
            BlobUpload cancelled = store.createUpload(newUploadId());
            cancelled.append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);
            cancelled.cancel();
        }

        assertThat(blobFilesVerified()).containsExactlyInAnyOrderElementsOf(pushed);
        assertThat(root.resolve("uploads")).isEmptyDirectory();
    }

    @Test
    void uploadId_traversalOrOutsideGrammar_rejectedAsUnknownUpload() {
        List<String> invalid = List.of("../x", "..", ".", "", "a/b", "a\\b", "x".repeat(129), "é", "a b", "a.b",
                "/etc", "x\u0000");
        for (String id : invalid) {
            assertCode(() -> store.createUpload(id), ErrorCode.BLOB_UPLOAD_UNKNOWN);
            assertCode(() -> store.openUpload(id), ErrorCode.BLOB_UPLOAD_UNKNOWN);
        }

        assertThat(root.resolve("x")).doesNotExist();
        assertThat(root.resolve("uploads")).isEmptyDirectory();
        assertThat(store.createUpload("y".repeat(128)).size()).isZero();
    }

    @Test
    void createUpload_idInUse_failsAndKeepsTheExistingBytes() {
        String id = newUploadId();
        store.createUpload(id).append(new ByteArrayInputStream("kept".getBytes()), BlobUpload.ChunkObserver.NONE);

        assertCode(() -> store.createUpload(id), ErrorCode.UNKNOWN);
        assertThat(store.openUpload(id).size()).isEqualTo(4);
    }

    @Test
    void crash_dataWrittenWithoutCommit_leavesNothingUnderBlobs() throws IOException {
        String id = newUploadId();
        byte[] content = randomBytes(40, 3 * 1024 * 1024);
        store.createUpload(id).append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);

        // The process "dies" here: no commit, no close. A new instance sees the same directory.
        BlobStore restarted = new FileBlobStore(root);

        try (Stream<Digest> digests = restarted.list()) {
            assertThat(digests).isEmpty();
        }
        assertThat(blobFilesVerified()).isEmpty();
        assertThat(Files.readAllBytes(root.resolve("uploads/" + id))).isEqualTo(content);
        try (Stream<String> idle = restarted.uploadsIdleSince(Instant.now().plus(Duration.ofHours(1)))) {
            assertThat(idle).containsExactly(id);
        }
        restarted.close();
    }

    @Test
    @Tag("slow")
    void crash_killDashNineWhileCommitting_everyBlobFileIsComplete() throws Exception {
        Path storeRoot = root.resolve("killed");
        Random delays = new Random();
        for (int round = 0; round < 3; round++) {
            long before = blobFileCount(storeRoot);
            Process child = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", testClassPath(), CommitLoop.class.getName(), storeRoot.toString(), "round" + round)
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve("child-" + round + ".log").toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> blobFileCount(storeRoot) > before);
                // Kill at an arbitrary moment of the loop, not right after a commit.
                Thread.sleep(50 + delays.nextInt(400));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
        }

        List<Digest> verified = blobFilesVerified(storeRoot);
        assertThat(verified).hasSizeGreaterThanOrEqualTo(3);
        try (BlobStore restarted = new FileBlobStore(storeRoot); Stream<Digest> listed = restarted.list()) {
            assertThat(listed).containsExactlyInAnyOrderElementsOf(verified);
        }
    }

    @Test
    void list_foreignEntriesUnderBlobs_skipped() throws IOException {
        Digest real = push(DigestAlgorithm.SHA256, "real".getBytes());
        String other = Digest.sha256("other".getBytes()).hex();
        Path sha256 = root.resolve("blobs/sha256");
        Files.createDirectories(sha256.resolve("ab"));
        Files.writeString(sha256.resolve("ab/not-a-digest"), "x");
        Files.writeString(sha256.resolve("ab/" + other), "x");
        Files.writeString(sha256.resolve("zz"), "x");
        Files.createDirectories(sha256.resolve(other.substring(0, 2) + "/" + other));
        Files.createDirectories(root.resolve("blobs/md5/d4"));
        Files.writeString(root.resolve("blobs/md5/d4/d41d8cd98f00b204e9800998ecf8427e"), "x");
        Files.writeString(root.resolve("blobs/stray"), "x");

        assertThat(listed()).containsExactly(real);
    }

    @Test
    void uploadsIdleSince_byDataFileTime_listsOnlyTheOldUpload() throws IOException {
        String old = newUploadId();
        String fresh = newUploadId();
        store.createUpload(old);
        store.createUpload(fresh);
        Files.setLastModifiedTime(root.resolve("uploads/" + old),
                FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.writeString(root.resolve("uploads/not an upload"), "x");
        Files.setLastModifiedTime(root.resolve("uploads/not an upload"), FileTime.from(Instant.EPOCH));
        Files.writeString(root.resolve("uploads/.direct-io-1.probe"), "x");
        Files.setLastModifiedTime(root.resolve("uploads/.direct-io-1.probe"), FileTime.from(Instant.EPOCH));

        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().minus(Duration.ofHours(1)))) {
            assertThat(idle).containsExactly(old);
        }
    }

    @Test
    void uploadsIdleSince_directoryWithoutData_listedAndCancellable() throws IOException {
        Path orphan = Files.createDirectory(root.resolve("uploads/orphan"));
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        try (Stream<String> idle = store.uploadsIdleSince(Instant.now().minus(Duration.ofHours(1)))) {
            assertThat(idle).containsExactly("orphan");
        }
        store.openUpload("orphan").cancel();

        assertThat(orphan).doesNotExist();
    }

    @Test
    void append_sourceFailsMidway_stagingBuffersAreReturned() {
        FileBlobStore fileStore = (FileBlobStore) store;
        int before = fileStore.directWrites().available();
        BlobUpload upload = store.createUpload(newUploadId());
        byte[] prefix = randomBytes(62, 3 * DirectWrites.STAGING_SIZE + 11);

        assertThatThrownBy(() -> upload.append(new SequenceInputStream(new ByteArrayInputStream(prefix),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("reset");
                    }
                }), BlobUpload.ChunkObserver.NONE)).isInstanceOf(UncheckedIOException.class);

        assertThat(upload.size()).isEqualTo(prefix.length);
        assertThat(fileStore.directWrites().available()).isEqualTo(before);
    }

    @Test
    void append_noStagingBufferLeft_stagesOnTheHeapAndStoresEveryByte() {
        DirectWrites direct = ((FileBlobStore) store).directWrites();
        List<List<ByteBuffer>> taken = new ArrayList<>();
        for (Optional<List<ByteBuffer>> next = direct.take(); next.isPresent(); next = direct.take()) {
            taken.add(next.get());
        }
        try {
            byte[] content = randomBytes(63, 5 * FileBlobUpload.HEAP_STAGING_SIZE + 77);
            BlobUpload upload = store.createUpload(newUploadId());
            upload.append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);
            upload.commit(Digest.sha256(content));

            assertThat(readWhole(Digest.sha256(content), content.length)).isEqualTo(content);
        } finally {
            taken.forEach(direct::give);
        }
    }

    @Test
    void commit_earlyWritebackFailed_uploadUnknownAndNothingUnderBlobs() throws IOException {
        try (BlobStore failing = new FileBlobStore(root.resolve("failing"), new EarlyWriteback(file -> {
            throw new IOException("EIO");
        }), false)) {
            BlobUpload upload = failing.createUpload(newUploadId());
            byte[] content = randomBytes(60, (int) EarlyWriteback.INTERVAL + 1);
            upload.append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);

            assertCode(() -> upload.commit(Digest.sha256(content)), ErrorCode.BLOB_UPLOAD_UNKNOWN);
            assertThat(blobFilesVerified(root.resolve("failing"))).isEmpty();
        }
    }

    @Test
    void append_pastTheWritebackInterval_startsEarlyWriteback() {
        List<Path> flushed = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (BlobStore counting = new FileBlobStore(root.resolve("counting"), new EarlyWriteback(flushed::add), false)) {
            BlobUpload upload = counting.createUpload(newUploadId());
            byte[] content = randomBytes(61, (int) (2 * EarlyWriteback.INTERVAL) + 5);
            upload.append(new ByteArrayInputStream(content), BlobUpload.ChunkObserver.NONE);
            upload.commit(Digest.sha256(content));

            assertThat(flushed).isNotEmpty();
            assertThat(blobFilesVerified(root.resolve("counting"))).containsExactly(Digest.sha256(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Digest> blobFilesVerified() throws IOException {
        return blobFilesVerified(root);
    }

    /** Every regular file under blobs/, each checked to sit at its digest's path and to hash to its name. */
    private static List<Digest> blobFilesVerified(Path storeRoot) throws IOException {
        Path blobs = storeRoot.resolve("blobs");
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).map(file -> {
                Path relative = blobs.relativize(file);
                assertThat(relative.getNameCount()).as(relative.toString()).isEqualTo(3);
                DigestAlgorithm algorithm = DigestAlgorithm.fromId(relative.getName(0).toString()).orElseThrow();
                Digest named = Digest.parse(algorithm.id() + ":" + relative.getFileName());
                assertThat(relative.getName(1).toString()).isEqualTo(named.hex().substring(0, 2));
                assertThat(Digest.compute(algorithm, readBytes(file))).as(relative.toString()).isEqualTo(named);
                return named;
            }).toList();
        }
    }

    private static long blobFileCount(Path storeRoot) throws IOException {
        Path blobs = storeRoot.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static String testClassPath() {
        // Surefire may start the test JVM through a manifest-only jar; it then passes the real path here.
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
