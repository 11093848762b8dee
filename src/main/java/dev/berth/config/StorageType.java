package dev.berth.config;

/** Where blob bytes live. */
public enum StorageType implements ConfigChoice {
    /** Content-addressed files under {@code storage.root}. */
    FILESYSTEM,
    /** Objects in an S3-compatible bucket, configured in the {@code s3} section. */
    S3
}
