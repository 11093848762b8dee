package dev.berth.registry;

/** The outcome of a cross-repository mount request: mounted, or a fresh upload the client continues with. */
public sealed interface MountResult {
    record Mounted(BlobInfo blob) implements MountResult {
    }

    record Started(UploadStatus upload) implements MountResult {
    }
}
