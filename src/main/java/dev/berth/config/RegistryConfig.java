package dev.berth.config;

/**
 * Registry behaviour that the OCI Distribution Spec leaves to the operator.
 *
 * @param deletesEnabled       whether manifest, tag and blob DELETEs are allowed (otherwise {@code UNSUPPORTED})
 * @param maxManifestBytes     largest manifest accepted on PUT (larger: 413)
 * @param requireIndexChildren whether an image index may only be pushed after all of its child manifests
 * @param maxPageSize          largest {@code n} accepted on tag and catalog listings
 * @param referrersPageSize    how many descriptors one referrers response holds before paginating
 */
public record RegistryConfig(boolean deletesEnabled, long maxManifestBytes, boolean requireIndexChildren,
                             int maxPageSize, int referrersPageSize) {
}
