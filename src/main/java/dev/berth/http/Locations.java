package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.domain.RepositoryName;

import java.util.Optional;

/**
 * Builds the URLs Berth puts in {@code Location} and {@code Link} headers: relative by default (clients resolve
 * them against the request URL, which works behind any proxy), absolute under {@code external-url} when set.
 */
public record Locations(Optional<String> externalUrl) {
    public Locations {
        externalUrl = externalUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    public static Locations relative() {
        return new Locations(Optional.empty());
    }

    String upload(RepositoryName repository, String uploadId) {
        return prefix() + "/v2/" + repository.value() + "/blobs/uploads/" + uploadId;
    }

    String blob(RepositoryName repository, Digest digest) {
        return prefix() + "/v2/" + repository.value() + "/blobs/" + digest;
    }

    String manifest(RepositoryName repository, Digest digest) {
        return prefix() + "/v2/" + repository.value() + "/manifests/" + digest;
    }

    String path(String pathAndQuery) {
        return prefix() + pathAndQuery;
    }

    private String prefix() {
        return externalUrl.orElse("");
    }
}
