package dev.berth.testing;

import dev.berth.domain.Digest;
import dev.berth.storage.BlobContent;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUpload;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/** A blob store passing every call to another; tests extend it to count or fail the calls they care about. */
public abstract class ForwardingBlobStore implements BlobStore {
    private final BlobStore delegate;

    protected ForwardingBlobStore(BlobStore delegate) {
        this.delegate = delegate;
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
    public Optional<URI> directUrl(Digest digest, Duration ttl) {
        return delegate.directUrl(digest, ttl);
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
