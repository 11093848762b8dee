package dev.berth.http;

import java.util.Set;

/**
 * The route table: every path Berth answers, with the methods each accepts. Spec endpoint ids (end-N) from the
 * OCI Distribution Spec v1.1 "Endpoints" table.
 */
public enum Endpoint {
    /** end-1: API version check and auth probe. */
    BASE(Set.of("GET", "HEAD")),
    /** Docker Registry API "Listing Repositories". */
    CATALOG(Set.of("GET")),
    /** end-8a/8b. */
    TAGS(Set.of("GET")),
    /** end-3, end-7, end-9. */
    MANIFEST(Set.of("GET", "HEAD", "PUT", "DELETE")),
    /** end-2, end-10. */
    BLOB(Set.of("GET", "HEAD", "DELETE")),
    /** end-4a/4b/4c, end-11. */
    UPLOADS(Set.of("POST")),
    /** end-5, end-6, end-13, end-14. */
    UPLOAD(Set.of("GET", "PATCH", "PUT", "DELETE")),
    /** end-12a/12b. */
    REFERRERS(Set.of("GET")),
    /** Liveness probe (not part of the registry API). */
    HEALTH(Set.of("GET", "HEAD")),
    /** Readiness probe: storage and database reachable. */
    READY(Set.of("GET", "HEAD"));

    private final Set<String> methods;

    Endpoint(Set<String> methods) {
        this.methods = methods;
    }

    public Set<String> methods() {
        return methods;
    }
}
