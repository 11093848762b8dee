package dev.berth.registry;

import dev.berth.metadata.InProcessLocks;
import dev.berth.metadata.Locks;
import dev.berth.metadata.MetadataStore;
import dev.berth.storage.BlobStore;

import java.time.Clock;

/** The registry core: every OCI operation, grouped by the resource it acts on. Knows nothing of HTTP. */
public record Registry(Blobs blobs, BlobUploads uploads, Manifests manifests, Listings listings,
                       RegistryPolicy policy) {

    /** A registry for one node: requests on one upload are serialised inside this process. */
    public static Registry create(BlobStore store, MetadataStore metadata, RegistryPolicy policy, Clock clock) {
        return create(store, metadata, new InProcessLocks(), policy, clock);
    }

    /** A registry whose upload locks are {@code locks}: shared ones let several nodes serve the same uploads. */
    public static Registry create(BlobStore store, MetadataStore metadata, Locks locks, RegistryPolicy policy,
                                  Clock clock) {
        return new Registry(new Blobs(store, metadata, policy), new BlobUploads(store, metadata, locks, clock),
                new Manifests(metadata, policy, clock), new Listings(metadata, policy), policy);
    }
}
