package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.registry.RegistryPolicy;
import dev.berth.testing.OciClient;
import dev.berth.testing.RegistryExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.berth.testing.HttpAssertions.assertError;
import static dev.berth.testing.HttpAssertions.header;
import static dev.berth.testing.HttpAssertions.json;
import static dev.berth.testing.TestManifests.OCI_CONFIG;
import static dev.berth.testing.TestManifests.OCI_EMPTY;
import static dev.berth.testing.TestManifests.OCI_INDEX;
import static dev.berth.testing.TestManifests.OCI_LAYER;
import static dev.berth.testing.TestManifests.OCI_MANIFEST;
import static dev.berth.testing.TestManifests.content;
import static dev.berth.testing.TestManifests.descriptor;
import static dev.berth.testing.TestManifests.image;
import static dev.berth.testing.TestManifests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * tags/list (end-8a/8b), _catalog and referrers (end-12a/12b). The fixture is built once; no test adds a
 * repository, so the catalog is known exactly.
 */
@Timeout(30)
class ListingTest {
    /** The cap on {@code n}, small so that the catalog's default page is smaller than the catalog. */
    private static final int MAX_PAGE = 5;
    private static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");
    private static final String TAGGED = "list/tags";
    private static final String REFS = "list/ref";
    private static final String SIG = "application/vnd.example.signature";
    private static final String SBOM_CONFIG = "application/vnd.example.sbom.config.v1+json";
    private static final List<String> TAGS = Stream.of("v1", "v10", "v2", "alpha", "Beta", "_under", "1.0",
            "latest", "a-b", "a.b", "a_b").sorted().toList();
    private static final List<String> REPOSITORIES = Stream.of(TAGGED, REFS, "list/a", "list/b/c/d", "list/b-x",
            "list/z", "other-top").sorted().toList();

    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.start()
            .withPolicy(new RegistryPolicy(true, 4L * 1024 * 1024, false, MAX_PAGE, 3));
    static final OciClient client = registry.client();
    static Digest subject;
    /** The referrers of {@link #subject}, by digest, as pushed. */
    static Map<Digest, Expected> referrers = new HashMap<>();
    static Digest orphanSubject;
    static Digest orphanReferrer;

    /** What the referrers API must report for one referrer. */
    record Expected(String mediaType, long size, Optional<String> artifactType, Map<String, String> annotations) {
    }

    @BeforeAll
    static void pushFixture() {
        byte[] tagged = utf8(image(descriptor(OCI_CONFIG, pushed(TAGGED, content("tags config")))));
        StringBuilder query = new StringBuilder();
        for (String tag : TAGS) {
            query.append(query.isEmpty() ? "?" : "&").append("tag=").append(tag);
        }
        var r = client.send("PUT", "/v2/" + TAGGED + "/manifests/" + Digest.sha256(tagged) + query, tagged,
                "Content-Type", OCI_MANIFEST);
        assertThat(r.statusCode()).isEqualTo(201);
        for (String repository : REPOSITORIES) {
            if (!repository.equals(TAGGED) && !repository.equals(REFS)) {
                client.pushBlob(repository, content("catalog " + repository));
            }
        }
        pushReferrers();
    }

    private static void pushReferrers() {
        String empty = descriptor(OCI_EMPTY, pushed(REFS, utf8("{}")));
        String layer = descriptor(OCI_LAYER, pushed(REFS, content("referrer layer")));
        byte[] subjectManifest = utf8(image(descriptor(OCI_CONFIG, pushed(REFS, content("subject config"))), layer));
        subject = client.pushManifest(REFS, "subject", OCI_MANIFEST, subjectManifest);
        String subjectDescriptor = OciClient.descriptor(OCI_MANIFEST, subject, subjectManifest.length);

        referrer(OCI_MANIFEST, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + SIG
                + "\",\"config\":" + empty + ",\"layers\":[" + layer + "],\"subject\":" + subjectDescriptor
                + ",\"annotations\":{\"org.opencontainers.image.created\":\"2026-01-01T00:00:00Z\",\"k\":\"v\"}}",
                Optional.of(SIG), Map.of("org.opencontainers.image.created", "2026-01-01T00:00:00Z", "k", "v"));
        referrer(OCI_MANIFEST, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + SIG
                + "\",\"config\":" + empty + ",\"layers\":[" + empty + "],\"subject\":" + subjectDescriptor + "}",
                Optional.of(SIG), Map.of());
        String sbomConfig = descriptor(SBOM_CONFIG, pushed(REFS, content("sbom config")));
        referrer(OCI_MANIFEST, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":" + sbomConfig
                + ",\"layers\":[" + layer + "],\"subject\":" + subjectDescriptor + "}",
                Optional.of(SBOM_CONFIG), Map.of());
        referrer(OCI_INDEX, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[],\"subject\":"
                + subjectDescriptor + ",\"annotations\":{\"kind\":\"index\"}}", Optional.empty(),
                Map.of("kind", "index"));

        orphanSubject = Digest.sha256(utf8("subject pushed later, or never"));
        byte[] orphan = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + SIG
                + "\",\"config\":" + empty + ",\"layers\":[" + empty + "],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"digest\":\"" + orphanSubject + "\",\"size\":99}}");
        orphanReferrer = client.pushManifest(REFS, Digest.sha256(orphan).toString(), OCI_MANIFEST, orphan);
    }

    private static void referrer(String mediaType, String manifest, Optional<String> artifactType,
                                 Map<String, String> annotations) {
        byte[] bytes = utf8(manifest);
        Digest d = client.pushManifest(REFS, Digest.sha256(bytes).toString(), mediaType, bytes);
        referrers.put(d, new Expected(mediaType, bytes.length, artifactType, annotations));
    }

    private static byte[] pushed(String repository, byte[] bytes) {
        client.pushBlob(repository, bytes);
        return bytes;
    }

    // --- tags/list ------------------------------------------------------------------------------------------------

    @Test
    void tags_withoutN_listsEveryTagInLexicalOrderWithoutLink() {
        var r = client.get("/v2/" + TAGGED + "/tags/list");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("application/json");
        JsonNode body = json(r);
        assertThat(body.path("name").stringValue()).isEqualTo(TAGGED);
        assertThat(strings(body.path("tags"))).containsExactlyElementsOf(TAGS);
        assertThat(r.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void tags_withN_pagesThroughLinkUntilTheEnd() {
        var first = client.get("/v2/" + TAGGED + "/tags/list?n=4");
        assertThat(strings(json(first).path("tags"))).containsExactlyElementsOf(TAGS.subList(0, 4));
        assertThat(header(first, "Link")).isEqualTo("</v2/" + TAGGED + "/tags/list?n=4&last=" + TAGS.get(3)
                + ">; rel=\"next\"");
        List<String> all = collect(first, "tags");
        assertThat(all).containsExactlyElementsOf(TAGS);
    }

    @Test
    void tags_withNCoveringTheRest_hasNoLink() {
        List<String> rest = TAGS.subList(TAGS.size() - MAX_PAGE, TAGS.size());
        String last = TAGS.get(TAGS.size() - MAX_PAGE - 1);
        var r = client.get("/v2/" + TAGGED + "/tags/list?n=" + MAX_PAGE + "&last=" + last);
        assertThat(strings(json(r).path("tags"))).containsExactlyElementsOf(rest);
        assertThat(r.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void tags_withLast_startsAfterThatValue() {
        var r = client.get("/v2/" + TAGGED + "/tags/list?last=alpha");
        assertThat(strings(json(r).path("tags"))).containsExactlyElementsOf(
                TAGS.stream().filter(t -> t.compareTo("alpha") > 0).toList());
        var between = client.get("/v2/" + TAGGED + "/tags/list?n=2&last=b");
        assertThat(strings(json(between).path("tags"))).containsExactlyElementsOf(
                TAGS.stream().filter(t -> t.compareTo("b") > 0).limit(2).toList());
        var past = client.get("/v2/" + TAGGED + "/tags/list?last=zzz");
        assertThat(strings(json(past).path("tags"))).isEmpty();
    }

    @Test
    void tags_withNZero_isEmptyWithoutLink() {
        var r = client.get("/v2/" + TAGGED + "/tags/list?n=0");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(strings(json(r).path("tags"))).isEmpty();
        assertThat(r.headers().firstValue("Link")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "6", "1001", "99999999999", "abc", "1.5"})
    void tags_withInvalidN_is400PaginationNumberInvalid(String n) {
        assertError(client.get("/v2/" + TAGGED + "/tags/list?n=" + n), 400, "PAGINATION_NUMBER_INVALID");
    }

    @Test
    void tags_withNAtTheCap_isAccepted() {
        var r = client.get("/v2/" + TAGGED + "/tags/list?n=" + MAX_PAGE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(strings(json(r).path("tags"))).containsExactlyElementsOf(TAGS.subList(0, MAX_PAGE));
    }

    @Test
    void tags_ofUnknownRepository_is404NameUnknown() {
        assertError(client.get("/v2/list/nothing-here/tags/list"), 404, "NAME_UNKNOWN");
        assertError(client.get("/v2/list/nothing-here/tags/list?n=5"), 404, "NAME_UNKNOWN");
    }

    @Test
    void tags_ofInvalidName_is400NameInvalid() {
        assertError(client.get("/v2/List/Upper/tags/list"), 400, "NAME_INVALID");
    }

    // --- _catalog -------------------------------------------------------------------------------------------------

    @Test
    void catalog_withoutN_answersAPageOfTheCapAndLinksToTheRestInOrder() {
        var r = client.get("/v2/_catalog");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("application/json");
        assertThat(strings(json(r).path("repositories"))).containsExactlyElementsOf(REPOSITORIES.subList(0, MAX_PAGE));
        assertThat(header(r, "Link")).contains("last=");
        assertThat(collect(r, "repositories")).containsExactlyElementsOf(REPOSITORIES);
    }

    @Test
    void catalog_withN_pagesThroughLink() {
        var first = client.get("/v2/_catalog?n=2");
        assertThat(strings(json(first).path("repositories"))).containsExactlyElementsOf(REPOSITORIES.subList(0, 2));
        assertThat(header(first, "Link")).startsWith("</v2/_catalog?n=2&last=").endsWith(">; rel=\"next\"");
        assertThat(collect(first, "repositories")).containsExactlyElementsOf(REPOSITORIES);
    }

    @Test
    void catalog_withMultiLevelLast_startsAfterIt() {
        var r = client.get("/v2/_catalog?last=list/b-x");
        assertThat(strings(json(r).path("repositories"))).containsExactlyElementsOf(
                REPOSITORIES.stream().filter(n -> n.compareTo("list/b-x") > 0).toList());
    }

    @Test
    void catalog_withNZero_isEmptyWithoutLink() {
        var r = client.get("/v2/_catalog?n=0");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(strings(json(r).path("repositories"))).isEmpty();
        assertThat(r.headers().firstValue("Link")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "6", "1001", "abc"})
    void catalog_withInvalidN_is400PaginationNumberInvalid(String n) {
        assertError(client.get("/v2/_catalog?n=" + n), 400, "PAGINATION_NUMBER_INVALID");
    }

    // --- referrers ------------------------------------------------------------------------------------------------

    @Test
    void referrers_listsEveryReferrerAcrossPagesWithDescriptors() {
        var first = client.get("/v2/" + REFS + "/referrers/" + subject);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(header(first, "Content-Type")).isEqualTo(OCI_INDEX);
        JsonNode index = json(first);
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("mediaType").stringValue()).isEqualTo(OCI_INDEX);
        assertThat(index.path("manifests").size()).isEqualTo(3);
        assertThat(first.headers().firstValue("OCI-Filters-Applied")).isEmpty();
        String link = header(first, "Link");
        assertThat(link).startsWith("</v2/" + REFS + "/referrers/" + subject + "?");

        List<JsonNode> all = new ArrayList<>();
        index.path("manifests").forEach(all::add);
        var second = client.get(nextOf(first).orElseThrow());
        assertThat(second.statusCode()).isEqualTo(200);
        json(second).path("manifests").forEach(all::add);
        assertThat(second.headers().firstValue("Link")).isEmpty();

        assertThat(all).hasSize(referrers.size());
        for (JsonNode d : all) {
            Digest digest = Digest.parse(d.path("digest").stringValue());
            Expected expected = referrers.get(digest);
            assertThat(expected).as("unexpected referrer %s", digest).isNotNull();
            assertThat(d.path("mediaType").stringValue()).isEqualTo(expected.mediaType());
            assertThat(d.path("size").asLong()).isEqualTo(expected.size());
            assertThat(Optional.ofNullable(d.get("artifactType")).map(JsonNode::stringValue))
                    .isEqualTo(expected.artifactType());
            Map<String, String> annotations = new HashMap<>();
            d.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().stringValue()));
            assertThat(annotations).isEqualTo(expected.annotations());
        }
    }

    @Test
    void referrers_filteredByArtifactType_listsOnlyThoseAndSaysSo() {
        var r = client.get("/v2/" + REFS + "/referrers/" + subject + "?artifactType=" + SIG);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "OCI-Filters-Applied")).isEqualTo("artifactType");
        List<Digest> listed = new ArrayList<>();
        json(r).path("manifests").forEach(d -> {
            assertThat(d.path("artifactType").stringValue()).isEqualTo(SIG);
            listed.add(Digest.parse(d.path("digest").stringValue()));
        });
        assertThat(listed).containsExactlyInAnyOrderElementsOf(referrers.entrySet().stream()
                .filter(e -> e.getValue().artifactType().equals(Optional.of(SIG))).map(Map.Entry::getKey).toList());
        assertThat(r.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void referrers_filteredByConfigMediaTypeFallback_findsTheSbom() {
        var r = client.get("/v2/" + REFS + "/referrers/" + subject + "?artifactType="
                + URLEncoder.encode(SBOM_CONFIG, StandardCharsets.UTF_8));
        JsonNode manifests = json(r).path("manifests");
        assertThat(manifests.size()).isEqualTo(1);
        assertThat(manifests.get(0).path("artifactType").stringValue()).isEqualTo(SBOM_CONFIG);
    }

    @Test
    void referrers_filterMatchingNothing_isEmptyWithFilterHeader() {
        var r = client.get("/v2/" + REFS + "/referrers/" + subject + "?artifactType=application/vnd.none");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("manifests").size()).isZero();
        assertThat(header(r, "OCI-Filters-Applied")).isEqualTo("artifactType");
    }

    @Test
    void referrers_ofSubjectNeverPushed_listsItsReferrer() {
        var r = client.get("/v2/" + REFS + "/referrers/" + orphanSubject);
        JsonNode manifests = json(r).path("manifests");
        assertThat(manifests.size()).isEqualTo(1);
        assertThat(manifests.get(0).path("digest").stringValue()).isEqualTo(orphanReferrer.toString());
    }

    @Test
    void referrers_ofUnknownSubjectOrRepository_is200WithEmptyIndex() {
        Digest unknown = Digest.sha256(utf8("nobody refers to me"));
        for (String path : new String[]{"/v2/" + REFS + "/referrers/" + unknown,
                "/v2/list/no-such-repo/referrers/" + subject, "/v2/list/a/referrers/" + subject}) {
            var r = client.get(path);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(header(r, "Content-Type")).isEqualTo(OCI_INDEX);
            JsonNode index = json(r);
            assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
            assertThat(index.path("mediaType").stringValue()).isEqualTo(OCI_INDEX);
            assertThat(index.path("manifests").isArray()).isTrue();
            assertThat(index.path("manifests").size()).isZero();
            assertThat(r.headers().firstValue("Link")).isEmpty();
        }
    }

    @Test
    void referrers_afterTheReferrerIsDeleted_noLongerListIt() {
        Digest target = Digest.sha256(utf8("subject of a deleted referrer"));
        String empty = descriptor(OCI_EMPTY, utf8("{}"));
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\""
                + "application/vnd.example.deleted\",\"config\":" + empty + ",\"layers\":[" + empty
                + "],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + target + "\",\"size\":7}}");
        Digest d = client.pushManifest(REFS, Digest.sha256(manifest).toString(), OCI_MANIFEST, manifest);
        assertThat(json(client.get("/v2/" + REFS + "/referrers/" + target)).path("manifests").size()).isEqualTo(1);
        assertThat(client.send("DELETE", "/v2/" + REFS + "/manifests/" + d, null).statusCode()).isEqualTo(202);
        var after = client.get("/v2/" + REFS + "/referrers/" + target);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(json(after).path("manifests").size()).isZero();
    }

    @Test
    void referrers_withBadDigest_is400DigestInvalid() {
        assertError(client.get("/v2/" + REFS + "/referrers/sha256:abc"), 400, "DIGEST_INVALID");
        assertError(client.get("/v2/" + REFS + "/referrers/latest"), 400, "DIGEST_INVALID");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("array: %s", array).isTrue();
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.stringValue()));
        return values;
    }

    /** Follows {@code Link} from {@code first} to the end, collecting the array {@code field} of every page. */
    private static List<String> collect(HttpResponse<byte[]> first, String field) {
        List<String> all = new ArrayList<>(strings(json(first).path(field)));
        Optional<String> next = nextOf(first);
        int pages = 1;
        while (next.isPresent()) {
            assertThat(++pages).as("pagination must end").isLessThan(50);
            var page = client.get(next.get());
            assertThat(page.statusCode()).isEqualTo(200);
            all.addAll(strings(json(page).path(field)));
            next = nextOf(page);
        }
        return all;
    }

    private static Optional<String> nextOf(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Link").map(link -> {
            Matcher m = NEXT.matcher(link);
            assertThat(m.matches()).as("Link header %s", link).isTrue();
            return m.group(1);
        });
    }
}
