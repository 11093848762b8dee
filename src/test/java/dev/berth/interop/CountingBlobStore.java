package dev.berth.interop;

import dev.berth.domain.Digest;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A blob store that counts the uploads it was asked to create: a cross-repository mount creates none. */
final class CountingBlobStore implements BlobStore {
    private final BlobStore delegate;
    private final AtomicInteger uploadsCreated = new AtomicInteger();

    CountingBlobStore(BlobStore delegate) {
        this.delegate = delegate;
    }

    int uploadsCreated() {
        return uploadsCreated.get();
    }

    @Override
    public Optional<Long> size(Digest digest) {
        return delegate.size(digest);
    }

    @Override
    public BlobContent read(Digest digest, long offset, long length) {
        return delegate.read(digest, offset, length);
    }

    @Override
    public boolean delete(Digest digest) {
        return delegate.delete(digest);
    }

    @Override
    public Stream<Digest> list() {
        return delegate.list();
    }

    @Override
    public BlobUpload createUpload(String uploadId) {
        uploadsCreated.incrementAndGet();
        return delegate.createUpload(uploadId);
    }

    @Override
    public BlobUpload openUpload(String uploadId) {
        return delegate.openUpload(uploadId);
    }

    @Override
    public Stream<String> uploadsIdleSince(Instant cutoff) {
        return delegate.uploadsIdleSince(cutoff);
    }

    @Override
    public void ping() {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
