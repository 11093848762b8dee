package dev.berth.storage.s3;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The stale-upload scan of an {@link S3BlobStore}. An upload's last activity is the newest of its objects'
 * modification times and of the start times of its unfinished multipart uploads (an append streaming right now).
 * While scanning it also cleans up what nobody can reach any more: multipart uploads under {@code uploads/}
 * started before the cutoff (appends that died with their node; S3 keeps and bills their parts until aborted), and
 * chunk objects idle since the cutoff whose upload has no marker (an append that raced with a cancel).
 */
final class IdleUploads {
    private static final Logger LOG = LoggerFactory.getLogger(IdleUploads.class);

    private final Bucket bucket;
    private final S3Keys keys;

    IdleUploads(Bucket bucket, S3Keys keys) {
        this.bucket = bucket;
        this.keys = keys;
    }

    /** Ids of existing uploads idle since {@code cutoff}. */
    List<String> since(Instant cutoff) {
        Map<String, Instant> appending = abortAbandonedMultiparts(cutoff);
        List<String> idle = new ArrayList<>();
        Group group = new Group("");
        try (Stream<S3Object> objects = bucket.list(keys.uploadsPrefix())) {
            for (S3Object object : (Iterable<S3Object>) objects::iterator) {
                Optional<String> id = keys.uploadIdOf(object.key());
                if (id.isEmpty()) {
                    continue;
                }
                if (!id.get().equals(group.id)) {
                    group.finish(cutoff, appending, idle);
                    group = new Group(id.get());
                }
                group.add(object);
            }
        }
        group.finish(cutoff, appending, idle);
        return idle;
    }

    /** Aborts multipart uploads started before the cutoff; returns the start time of the others by upload id. */
    private Map<String, Instant> abortAbandonedMultiparts(Instant cutoff) {
        Map<String, Instant> appending = new HashMap<>();
        for (MultipartUpload multipart : bucket.multipartUploads(keys.uploadsPrefix())) {
            // A server that does not report the start time gets no abort: an active append must never be cut.
            Instant initiated = Optional.ofNullable(multipart.initiated()).orElse(Instant.MAX);
            if (initiated.isBefore(cutoff)) {
                LOG.info("aborting abandoned S3 multipart upload of {} started at {}", multipart.key(), initiated);
                bucket.abortMultipart(multipart.key(), multipart.uploadId());
            } else {
                keys.uploadIdOf(multipart.key()).ifPresent(id -> appending.merge(id, initiated,
                        (a, b) -> a.isAfter(b) ? a : b));
            }
        }
        return appending;
    }

    /** The objects of one upload id, which a key-ordered listing returns together. */
    private final class Group {
        private final String id;
        private final List<String> objectKeys = new ArrayList<>();
        private Instant lastModified = Instant.EPOCH;
        private boolean marker;

        Group(String id) {
            this.id = id;
        }

        void add(S3Object object) {
            objectKeys.add(object.key());
            marker |= keys.isMarker(id, object.key());
            if (object.lastModified() != null && object.lastModified().isAfter(lastModified)) {
                lastModified = object.lastModified();
            }
        }

        void finish(Instant cutoff, Map<String, Instant> appending, List<String> idle) {
            if (objectKeys.isEmpty()) {
                return;
            }
            Instant lastActivity = appending.getOrDefault(id, Instant.EPOCH).isAfter(lastModified)
                    ? appending.get(id) : lastModified;
            if (!lastActivity.isBefore(cutoff)) {
                return;
            }
            if (marker) {
                idle.add(id);
            } else {
                LOG.info("removing {} objects of upload {} that has no marker", objectKeys.size(), id);
                bucket.delete(objectKeys);
            }
        }
    }
}
