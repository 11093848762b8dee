package dev.berth.http;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request path matched against the route table. Repository names contain slashes, so the path is matched from
 * its right end: the longest name followed by a known suffix wins.
 *
 * @param name     the raw repository name (validated by {@link #repository()})
 * @param argument the reference, digest or upload id after the suffix
 */
public record Route(Endpoint endpoint, String name, String argument) {
    private static final Pattern TAGS = Pattern.compile("^/v2/(.+)/tags/list$");
    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final Pattern UPLOADS = Pattern.compile("^/v2/(.+)/blobs/uploads/?$");
    private static final Pattern UPLOAD = Pattern.compile("^/v2/(.+)/blobs/uploads/([^/]+)$");
    private static final Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");
    private static final Pattern REFERRERS = Pattern.compile("^/v2/(.+)/referrers/([^/]+)$");

    /** The route of {@code path}, or empty when nothing matches (a 404 {@code NOT_FOUND}). */
    public static Optional<Route> match(String path) {
        switch (path) {
            case "/v2", "/v2/" -> {
                return Optional.of(new Route(Endpoint.BASE, "", ""));
            }
            case "/v2/_catalog" -> {
                return Optional.of(new Route(Endpoint.CATALOG, "", ""));
            }
            case "/healthz" -> {
                return Optional.of(new Route(Endpoint.HEALTH, "", ""));
            }
            case "/readyz" -> {
                return Optional.of(new Route(Endpoint.READY, "", ""));
            }
            default -> {
                if (!path.startsWith("/v2/")) {
                    return Optional.empty();
                }
            }
        }
        Matcher m;
        if ((m = TAGS.matcher(path)).matches()) {
            return Optional.of(new Route(Endpoint.TAGS, m.group(1), ""));
        }
        if ((m = MANIFEST.matcher(path)).matches()) {
            return Optional.of(new Route(Endpoint.MANIFEST, m.group(1), m.group(2)));
        }
        if ((m = UPLOADS.matcher(path)).matches()) {
            return Optional.of(new Route(Endpoint.UPLOADS, m.group(1), ""));
        }
        if ((m = UPLOAD.matcher(path)).matches()) {
            return Optional.of(new Route(Endpoint.UPLOAD, m.group(1), m.group(2)));
        }
        if ((m = BLOB.matcher(path)).matches()) {
            return Optional.of(new Route(Endpoint.BLOB, m.group(1), m.group(2)));
        }
        if ((m = REFERRERS.matcher(path)).matches()) {
            return Optional.of(new Route(Endpoint.REFERRERS, m.group(1), m.group(2)));
        }
        return Optional.empty();
    }

    /** The validated repository name ({@code NAME_INVALID} otherwise). */
    public RepositoryName repository() {
        if (!RepositoryName.isValid(name)) {
            throw RegistryException.withDetail(ErrorCode.NAME_INVALID, "invalid repository name", name);
        }
        return new RepositoryName(name);
    }
}
