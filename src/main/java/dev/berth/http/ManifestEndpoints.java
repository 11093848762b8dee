package dev.berth.http;

import dev.berth.domain.Reference;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.registry.ManifestContent;
import dev.berth.registry.ManifestPush;
import dev.berth.registry.Manifests;

import java.util.List;

/** GET/HEAD/PUT/DELETE {@code /v2/<name>/manifests/<reference>} (spec end-3, end-7, end-7b, end-9). */
final class ManifestEndpoints {
    private final Manifests manifests;
    private final Locations locations;

    ManifestEndpoints(Manifests manifests, Locations locations) {
        this.manifests = manifests;
        this.locations = locations;
    }

    void handle(Exchange ex) {
        RepositoryName repository = ex.route().repository();
        Reference reference = Reference.parse(ex.route().argument());
        switch (ex.method()) {
            case "GET", "HEAD" -> get(ex, repository, reference);
            case "PUT" -> put(ex, repository, reference);
            default -> delete(ex, repository, reference);
        }
    }

    private void get(Exchange ex, RepositoryName repository, Reference reference) {
        ManifestContent manifest = manifests.get(repository, reference);
        String digest = manifest.digest().toString();
        ex.header("Docker-Content-Digest", digest);
        ex.header("ETag", "\"" + digest + "\"");
        if (ex.headerTokens("If-None-Match").contains(digest)) {
            ex.send(304);
            return;
        }
        ex.send(200, manifest.mediaType(), manifest.bytes());
    }

    private void put(Exchange ex, RepositoryName repository, Reference reference) {
        byte[] body = ex.bodyUpTo(manifests.maxManifestBytes(), () -> Manifests.tooLarge(manifests.maxManifestBytes()));
        List<Tag> extraTags = ex.queryAll("tag").stream().map(Tag::new).toList();
        ManifestPush push = new ManifestPush(repository, reference, body, ex.contentType(), extraTags,
                ex.headerTokens("If-Match"), ex.headerTokens("If-None-Match"));
        ManifestPush.Result result = manifests.put(push);
        ex.header("Location", locations.manifest(repository, result.digest()));
        ex.header("Docker-Content-Digest", result.digest().toString());
        result.subject().ifPresent(s -> ex.header("OCI-Subject", s.toString()));
        if (!extraTags.isEmpty()) {
            for (Tag tag : result.tags()) {
                ex.addHeader("OCI-Tag", tag.value());
            }
        }
        ex.send(201);
    }

    private void delete(Exchange ex, RepositoryName repository, Reference reference) {
        manifests.delete(repository, reference);
        ex.send(202);
    }
}
