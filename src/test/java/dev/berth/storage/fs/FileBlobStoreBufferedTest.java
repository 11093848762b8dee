package dev.berth.storage.fs;

import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The blob store contract with direct writes off: every byte goes through the page cache. */
class FileBlobStoreBufferedTest extends BlobStoreContract {
    @TempDir
    Path root;

    @Override
    protected BlobStore newStore() {
        return new FileBlobStore(root, false);
    }

    @Override
    protected BlobStore reopen(BlobStore old) {
        old.close();
        return new FileBlobStore(root, false);
    }

    @Override
    protected BlobStore newUnreachableStore() {
        Path gone = root.resolve("unreachable");
        BlobStore unreachable = new FileBlobStore(gone, false);
        FileBlobStoreTest.deleteTree(gone);
        return unreachable;
    }
}
