package dev.berth.registry;

import dev.berth.metadata.MetadataStore;
import dev.berth.storage.BlobStore;

import java.time.Clock;

/** The registry core: every OCI operation, grouped by the resource it acts on. Knows nothing of HTTP. */
public record Registry(Blobs blobs, BlobUploads uploads, Manifests manifests, Listings listings,
                       RegistryPolicy policy) {

    public static Registry create(BlobStore store, MetadataStore metadata, RegistryPolicy policy, Clock clock) {
        return new Registry(new Blobs(store, metadata, policy), new BlobUploads(store, metadata, clock),
                new Manifests(metadata, policy, clock), new Listings(metadata, policy), policy);
    }
}
