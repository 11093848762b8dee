package dev.berth.registry;

import dev.berth.domain.Digest;
import dev.berth.domain.Reference;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;

import java.util.List;
import java.util.Optional;

/**
 * A manifest PUT.
 *
 * @param contentType  the Content-Type without parameters, when sent
 * @param extraTags    tags from {@code ?tag=} (distribution-spec main: several tags in one push)
 * @param ifMatch      {@code If-Match} entity tags: the tag must currently point at one of these digests
 * @param ifNoneMatch  {@code If-None-Match}: {@code *} (the tag must not exist) or digests it must not point at
 */
public record ManifestPush(RepositoryName repository, Reference reference, byte[] content, Optional<String> contentType,
                           List<Tag> extraTags, List<String> ifMatch, List<String> ifNoneMatch) {
    public ManifestPush {
        extraTags = List.copyOf(extraTags);
        ifMatch = List.copyOf(ifMatch);
        ifNoneMatch = List.copyOf(ifNoneMatch);
    }

    public static ManifestPush simple(RepositoryName repository, Reference reference, byte[] content,
                                      Optional<String> contentType) {
        return new ManifestPush(repository, reference, content, contentType, List.of(), List.of(), List.of());
    }

    /** The result: the stored digest, the subject it refers to (for {@code OCI-Subject}) and the tags set. */
    public record Result(Digest digest, Optional<Digest> subject, List<Tag> tags) {
        public Result {
            tags = List.copyOf(tags);
        }
    }
}
