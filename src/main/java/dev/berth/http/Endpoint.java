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
    READY(Set.of("GET", "HEAD")),
    /** The built-in token service (Docker token auth {@code token.md}: GET; {@code oauth.md}: POST). */
    TOKEN(Set.of("GET", "POST")),

    // The admin API, /api/v1/…; namespaces contain slashes, so their sub-resources follow a "/-/" separator.
    /** /api/v1/users: list, add. */
    ADMIN_USERS(Set.of("GET", "POST")),
    /** /api/v1/users/{user}: remove. */
    ADMIN_USER(Set.of("DELETE")),
    /** /api/v1/users/{user}/password: set. */
    ADMIN_USER_PASSWORD(Set.of("PUT")),
    /** /api/v1/users/{user}/admin: grant or take the registry admin role. */
    ADMIN_USER_ADMIN(Set.of("PUT")),
    /** /api/v1/users/{user}/disabled: disable or enable. */
    ADMIN_USER_DISABLED(Set.of("PUT")),
    /** /api/v1/users/{user}/tokens: list, create personal access tokens. */
    ADMIN_USER_TOKENS(Set.of("GET", "POST")),
    /** /api/v1/tokens: every token. */
    ADMIN_TOKENS(Set.of("GET")),
    /** /api/v1/tokens/{id}: revoke. */
    ADMIN_TOKEN(Set.of("DELETE")),
    /** /api/v1/robots: list, create. */
    ADMIN_ROBOTS(Set.of("GET", "POST")),
    /** /api/v1/robots/{robot}: revoke. */
    ADMIN_ROBOT(Set.of("DELETE")),
    /** /api/v1/namespaces: list, create. */
    ADMIN_NAMESPACES(Set.of("GET", "POST")),
    /** /api/v1/namespaces/{namespace}: remove. */
    ADMIN_NAMESPACE(Set.of("DELETE")),
    /** /api/v1/namespaces/{namespace}/-/public: make public or private. */
    ADMIN_NAMESPACE_PUBLIC(Set.of("PUT")),
    /** /api/v1/namespaces/{namespace}/-/members: list. */
    ADMIN_MEMBERS(Set.of("GET")),
    /** /api/v1/namespaces/{namespace}/-/members/{member}: grant a role, revoke. */
    ADMIN_MEMBER(Set.of("PUT", "DELETE")),
    /** /api/v1/rules: list, add. */
    ADMIN_RULES(Set.of("GET", "POST")),
    /** /api/v1/rules/{id}: remove. */
    ADMIN_RULE(Set.of("DELETE")),
    /** /api/v1/audit: the audit log. */
    ADMIN_AUDIT(Set.of("GET"));

    private final Set<String> methods;

    Endpoint(Set<String> methods) {
        this.methods = methods;
    }

    public Set<String> methods() {
        return methods;
    }

    /** True for the routes of the admin API under {@code /api/v1/}. */
    public boolean isAdmin() {
        return name().startsWith("ADMIN_");
    }
}
