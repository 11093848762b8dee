package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.domain.MediaTypes;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.Referrer;
import dev.berth.registry.Listings;
import dev.berth.registry.Page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/** tags/list (end-8a/8b), _catalog, and referrers (end-12a/12b), with {@code Link: <…>; rel="next"} paging. */
final class ListingEndpoints {
    private final Listings listings;
    private final Locations locations;

    ListingEndpoints(Listings listings, Locations locations) {
        this.listings = listings;
        this.locations = locations;
    }

    void tags(Exchange ex) {
        RepositoryName repository = ex.route().repository();
        OptionalInt n = ex.pageSize();
        Page<Tag> page = listings.tags(repository, ex.query("last"), n);
        page.next().ifPresent(last -> link(ex, "/v2/" + repository.value() + "/tags/list", n, last));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repository.value());
        body.put("tags", page.items().stream().map(Tag::value).toList());
        ex.sendJson(200, body);
    }

    void catalog(Exchange ex, Predicate<RepositoryName> visible) {
        OptionalInt n = ex.pageSize();
        Page<RepositoryName> page = listings.catalog(ex.query("last"), n, visible);
        page.next().ifPresent(last -> link(ex, "/v2/_catalog", n, last));
        ex.sendJson(200, Map.of("repositories", page.items().stream().map(RepositoryName::value).toList()));
    }

    void referrers(Exchange ex) {
        RepositoryName repository = ex.route().repository();
        Digest subject = Digest.parse(ex.route().argument());
        Optional<String> artifactType = ex.query("artifactType").filter(s -> !s.isEmpty());
        Optional<Digest> after = ex.query("last").map(Digest::parse);
        Page<Referrer> page = listings.referrers(repository, subject, artifactType, after);
        artifactType.ifPresent(t -> ex.header("OCI-Filters-Applied", "artifactType"));
        page.next().ifPresent(last -> {
            String query = artifactType.map(t -> "artifactType=" + encode(t) + "&").orElse("") + "last=" + encode(last);
            ex.header("Link", "<" + locations.path("/v2/" + repository.value() + "/referrers/" + subject + "?" + query)
                    + ">; rel=\"next\"");
        });
        List<Map<String, Object>> manifests = page.items().stream().map(ListingEndpoints::descriptor).toList();
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", manifests);
        ex.send(200, MediaTypes.OCI_INDEX, tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsBytes(index));
    }

    private static Map<String, Object> descriptor(Referrer r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", r.mediaType());
        d.put("digest", r.digest().toString());
        d.put("size", r.size());
        r.artifactType().ifPresent(t -> d.put("artifactType", t));
        if (!r.annotations().isEmpty()) {
            d.put("annotations", r.annotations());
        }
        return d;
    }

    private void link(Exchange ex, String path, OptionalInt n, String last) {
        String query = (n.isPresent() ? "n=" + n.getAsInt() + "&" : "") + "last=" + encode(last);
        ex.header("Link", "<" + locations.path(path + "?" + query) + ">; rel=\"next\"");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
