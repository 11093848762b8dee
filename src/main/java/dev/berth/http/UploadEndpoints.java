package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.registry.BlobInfo;
import dev.berth.registry.BlobUploads;
import dev.berth.registry.ContentRange;
import dev.berth.registry.MountResult;
import dev.berth.registry.UploadRanges;
import dev.berth.registry.UploadStatus;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob uploads: POST {@code /v2/<name>/blobs/uploads/} (start, monolithic, mount) and PATCH/PUT/GET/DELETE on the
 * upload's location (spec end-4a/4b/4c, end-5, end-6, end-11, end-13, end-14).
 */
final class UploadEndpoints {
    private static final Pattern CONTENT_RANGE = Pattern.compile("^(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?$");
    private final BlobUploads uploads;
    private final Locations locations;

    UploadEndpoints(BlobUploads uploads, Locations locations) {
        this.uploads = uploads;
        this.locations = locations;
    }

    void start(Exchange ex, Predicate<RepositoryName> callerCanRead) {
        RepositoryName repository = ex.route().repository();
        DigestAlgorithm algorithm = algorithm(ex);
        Optional<String> mount = ex.query("mount");
        if (mount.isPresent()) {
            Digest digest = Digest.parse(mount.get());
            Optional<RepositoryName> from = ex.query("from").filter(RepositoryName::isValid).map(RepositoryName::new);
            switch (uploads.mount(repository, digest, from, callerCanRead, algorithm)) {
                case MountResult.Mounted m -> created(ex, repository, m.blob());
                case MountResult.Started s -> accepted(ex, s.upload());
            }
            return;
        }
        Optional<String> digest = ex.query("digest");
        if (digest.isPresent() && ex.hasBody()) {
            try (RequestBody body = ex.bodySource()) {
                created(ex, repository, uploads.pushMonolithic(repository, Digest.parse(digest.get()), body,
                        ex.contentLength()));
            }
            return;
        }
        accepted(ex, uploads.start(repository, digest.map(Digest::parse).map(Digest::algorithm).orElse(algorithm)));
    }

    void handle(Exchange ex) {
        RepositoryName repository = ex.route().repository();
        String id = ex.route().argument();
        try (RequestBody body = ex.bodySource()) {
            switch (ex.method()) {
                case "GET" -> status(ex, uploads.status(repository, id), 204);
                case "PATCH" -> status(ex, uploads.append(repository, id, body, contentRange(ex),
                        ex.contentLength()), 202);
                case "PUT" -> {
                    Digest digest = Digest.parse(ex.query("digest").orElseThrow(
                            () -> RegistryException.of(ErrorCode.DIGEST_INVALID, "the digest query parameter is required")));
                    created(ex, repository, uploads.commit(repository, id, digest, body, contentRange(ex),
                            ex.contentLength()));
                }
                default -> {
                    uploads.cancel(repository, id);
                    ex.send(204);
                }
            }
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.RANGE_INVALID) {
                throw e.withHeader("Location", locations.upload(repository, id));
            }
            throw e;
        }
    }

    private void accepted(Exchange ex, UploadStatus upload) {
        status(ex, upload, 202);
    }

    private void status(Exchange ex, UploadStatus upload, int status) {
        ex.header("Location", locations.upload(upload.repository(), upload.id()));
        ex.header("Range", UploadRanges.header(upload.size()));
        ex.header("Docker-Upload-UUID", upload.id());
        ex.send(status);
    }

    private void created(Exchange ex, RepositoryName repository, BlobInfo blob) {
        ex.header("Location", locations.blob(repository, blob.digest()));
        ex.header("Docker-Content-Digest", blob.digest().toString());
        ex.send(201);
    }

    private static DigestAlgorithm algorithm(Exchange ex) {
        Optional<String> requested = ex.query("digest-algorithm");
        if (requested.isEmpty()) {
            return DigestAlgorithm.SHA256;
        }
        return DigestAlgorithm.fromId(requested.get()).orElseThrow(() -> RegistryException.withDetail(
                ErrorCode.DIGEST_INVALID, "unsupported digest algorithm", requested.get()));
    }

    /** Content-Range of a chunk; a malformed one is a 416 (spec: chunks must be ordered and well formed). */
    private static Optional<ContentRange> contentRange(Exchange ex) {
        Optional<String> header = ex.header("Content-Range");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(header.get().trim());
        if (!m.matches()) {
            throw RegistryException.withDetail(ErrorCode.RANGE_INVALID, "malformed Content-Range", header.get());
        }
        try {
            ContentRange range = new ContentRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            if (range.last() < range.first()) {
                throw RegistryException.withDetail(ErrorCode.RANGE_INVALID, "malformed Content-Range", header.get());
            }
            return Optional.of(range);
        } catch (NumberFormatException e) {
            throw RegistryException.withDetail(ErrorCode.RANGE_INVALID, "malformed Content-Range", header.get());
        }
    }
}
