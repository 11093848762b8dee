package dev.berth.registry;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.Reference;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.ManifestRecord;
import dev.berth.metadata.ManifestReference;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MetadataTx;
import dev.berth.registry.manifest.Descriptor;
import dev.berth.registry.manifest.ManifestParser;
import dev.berth.registry.manifest.ParsedManifest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pulling, pushing and deleting manifests. A push is validated (structure, digest, references present) and made
 * visible in one metadata transaction: manifest row, references, referrer edge and tag moves together.
 */
public final class Manifests {
    private final MetadataStore metadata;
    private final RegistryPolicy policy;
    private final Clock clock;

    public Manifests(MetadataStore metadata, RegistryPolicy policy, Clock clock) {
        this.metadata = metadata;
        this.policy = policy;
        this.clock = clock;
    }

    /** Spec "Pulling manifests": by tag or by digest, the exact bytes stored. */
    public ManifestContent get(RepositoryName repository, Reference reference) {
        return metadata.read(tx -> {
            Digest digest = resolve(tx, repository, reference);
            ManifestRecord record = tx.manifest(repository, digest).orElseThrow(() -> unknown(reference));
            return new ManifestContent(record.digest(), record.mediaType(), record.content());
        });
    }

    /** Spec "Pushing Manifests" (and "with Subject", and main's multi-tag {@code ?tag=}). */
    public ManifestPush.Result put(ManifestPush push) {
        if (push.content().length > policy.maxManifestBytes()) {
            throw tooLarge(policy.maxManifestBytes());
        }
        ParsedManifest parsed = ManifestParser.parse(push.content(), push.contentType());
        DigestAlgorithm algorithm = push.reference() instanceof Reference.ByDigest d
                ? d.digest().algorithm() : DigestAlgorithm.SHA256;
        Digest digest = Digest.compute(algorithm, push.content());
        if (push.reference() instanceof Reference.ByDigest d && !d.digest().equals(digest)) {
            throw RegistryException.withDetail(ErrorCode.DIGEST_INVALID,
                    "manifest digest does not match its content", d.digest().toString());
        }
        List<Tag> tags = tagsOf(push);
        Optional<Digest> subject = parsed.subject().map(Descriptor::digest);
        ManifestRecord record = new ManifestRecord(digest, parsed.mediaType(), push.content(),
                parsed.effectiveArtifactType(), subject, parsed.annotations(), references(parsed), clock.instant());
        RepositoryName repository = push.repository();
        metadata.write(tx -> {
            if (push.reference() instanceof Reference.ByTag t) {
                checkPreconditions(tx, repository, t.tag(), push);
            }
            checkReferences(tx, repository, parsed);
            tx.putManifest(repository, record);
            for (Tag tag : tags) {
                tx.putTag(repository, tag, digest);
            }
            return null;
        });
        return new ManifestPush.Result(digest, subject, tags);
    }

    /** Spec "Deleting tags" (by tag: only that tag) and "Deleting Manifests" (by digest: it and its tags). */
    public void delete(RepositoryName repository, Reference reference) {
        if (!policy.deletesEnabled()) {
            throw RegistryException.of(ErrorCode.UNSUPPORTED, "deletes are disabled on this registry");
        }
        boolean removed = metadata.write(tx -> switch (reference) {
            case Reference.ByTag t -> tx.deleteTag(repository, t.tag());
            case Reference.ByDigest d -> tx.deleteManifest(repository, d.digest());
        });
        if (!removed) {
            throw unknown(reference);
        }
    }

    public long maxManifestBytes() {
        return policy.maxManifestBytes();
    }

    /** The 413 answered for a manifest over the size cap. */
    public static RegistryException tooLarge(long limit) {
        return RegistryException.of(ErrorCode.SIZE_INVALID, "manifest is larger than " + limit + " bytes")
                .withStatus(413);
    }

    private static Digest resolve(MetadataTx tx, RepositoryName repository, Reference reference) {
        return switch (reference) {
            case Reference.ByDigest d -> d.digest();
            case Reference.ByTag t -> tx.tag(repository, t.tag()).orElseThrow(() -> unknown(reference));
        };
    }

    private static List<Tag> tagsOf(ManifestPush push) {
        Set<Tag> tags = new LinkedHashSet<>();
        if (push.reference() instanceof Reference.ByTag t) {
            tags.add(t.tag());
        }
        tags.addAll(push.extraTags());
        return List.copyOf(tags);
    }

    private static List<ManifestReference> references(ParsedManifest parsed) {
        List<ManifestReference> refs = new ArrayList<>();
        Set<Digest> seen = new java.util.HashSet<>();
        for (Descriptor blob : parsed.blobs()) {
            if (!blob.isExternal() && seen.add(blob.digest())) {
                refs.add(new ManifestReference(blob.digest(), ManifestReference.Kind.BLOB));
            }
        }
        for (Descriptor child : parsed.children()) {
            if (seen.add(child.digest())) {
                refs.add(new ManifestReference(child.digest(), ManifestReference.Kind.MANIFEST));
            }
        }
        return refs;
    }

    /** Blobs must be in the repository with their declared size; index children only when the policy says so. */
    private void checkReferences(MetadataTx tx, RepositoryName repository, ParsedManifest parsed) {
        for (Descriptor blob : parsed.blobs()) {
            if (blob.isExternal()) {
                continue;
            }
            long size = tx.linkedBlobSize(repository, blob.digest()).orElseThrow(
                    () -> RegistryException.withDetail(ErrorCode.MANIFEST_BLOB_UNKNOWN,
                            "manifest references a blob unknown to the repository", blob.digest().toString()));
            if (size != blob.size()) {
                throw RegistryException.withDetail(ErrorCode.MANIFEST_INVALID,
                        "descriptor size " + blob.size() + " differs from the blob's " + size, blob.digest().toString());
            }
        }
        if (policy.requireIndexChildren()) {
            for (Descriptor child : parsed.children()) {
                if (!tx.manifestExists(repository, child.digest())) {
                    throw RegistryException.withDetail(ErrorCode.MANIFEST_BLOB_UNKNOWN,
                            "index references a manifest unknown to the repository", child.digest().toString());
                }
            }
        }
    }

    /** {@code If-Match} / {@code If-None-Match} on a tag push (referrers tag schema clients rely on them). */
    private static void checkPreconditions(MetadataTx tx, RepositoryName repository, Tag tag, ManifestPush push) {
        if (push.ifMatch().isEmpty() && push.ifNoneMatch().isEmpty()) {
            return;
        }
        Optional<String> current = tx.tag(repository, tag).map(Digest::toString);
        if (!push.ifMatch().isEmpty()) {
            boolean matches = current.isPresent()
                    && (push.ifMatch().contains("*") || push.ifMatch().contains(current.get()));
            if (!matches) {
                throw RegistryException.of(ErrorCode.PRECONDITION_FAILED, "If-Match does not match tag " + tag);
            }
        }
        if (!push.ifNoneMatch().isEmpty()) {
            boolean matches = current.isPresent()
                    && (push.ifNoneMatch().contains("*") || push.ifNoneMatch().contains(current.get()));
            if (matches) {
                throw RegistryException.of(ErrorCode.PRECONDITION_FAILED, "If-None-Match matches tag " + tag);
            }
        }
    }

    private static RegistryException unknown(Reference reference) {
        return RegistryException.withDetail(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to registry",
                reference.toString());
    }
}
