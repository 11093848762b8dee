package dev.berth.interop;

import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;
import dev.berth.testing.ForwardingBlobStore;

import java.util.concurrent.atomic.AtomicInteger;

/** A blob store that counts the uploads it was asked to create: a cross-repository mount creates none. */
final class CountingBlobStore extends ForwardingBlobStore {
    private final AtomicInteger uploadsCreated = new AtomicInteger();

    CountingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    int uploadsCreated() {
        return uploadsCreated.get();
    }

    @Override
    public BlobUpload createUpload(String uploadId) {
        uploadsCreated.incrementAndGet();
        return super.createUpload(uploadId);
    }
}
