package dev.berth.registry;

/**
 * The behaviour switches of the registry core, taken from configuration.
 *
 * @param deletesEnabled       when false every delete answers {@code UNSUPPORTED}
 * @param maxManifestBytes     manifests above this are refused with 413 (spec: support at least 4 MiB)
 * @param requireIndexChildren when true an index may only name manifests already in the repository
 * @param maxPageSize          the largest {@code n} accepted by tags/list and _catalog
 * @param referrersPageSize    how many referrers one response holds before a {@code Link} to the next page
 */
public record RegistryPolicy(boolean deletesEnabled, long maxManifestBytes, boolean requireIndexChildren,
                             int maxPageSize, int referrersPageSize) {

    public static RegistryPolicy defaults() {
        return new RegistryPolicy(true, 4L * 1024 * 1024, false, 1000, 500);
    }
}
