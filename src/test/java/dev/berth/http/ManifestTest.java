package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.registry.RegistryPolicy;
import dev.berth.testing.OciClient;
import dev.berth.testing.RawHttp;
import dev.berth.testing.RegistryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Arrays;

import static dev.berth.testing.HttpAssertions.assertError;
import static dev.berth.testing.HttpAssertions.header;
import static dev.berth.testing.HttpAssertions.json;
import static dev.berth.testing.TestManifests.DOCKER_CONFIG;
import static dev.berth.testing.TestManifests.DOCKER_LAYER;
import static dev.berth.testing.TestManifests.DOCKER_LIST;
import static dev.berth.testing.TestManifests.DOCKER_MANIFEST;
import static dev.berth.testing.TestManifests.OCI_CONFIG;
import static dev.berth.testing.TestManifests.OCI_EMPTY;
import static dev.berth.testing.TestManifests.OCI_INDEX;
import static dev.berth.testing.TestManifests.OCI_LAYER;
import static dev.berth.testing.TestManifests.OCI_MANIFEST;
import static dev.berth.testing.TestManifests.content;
import static dev.berth.testing.TestManifests.descriptor;
import static dev.berth.testing.TestManifests.image;
import static dev.berth.testing.TestManifests.index;
import static dev.berth.testing.TestManifests.platformDescriptor;
import static dev.berth.testing.TestManifests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** GET/HEAD/PUT/DELETE {@code /v2/<name>/manifests/<reference>} (spec end-3, end-7, end-7b, end-9). */
@Timeout(30)
class ManifestTest {
    private static final int LIMITED_MAX_BYTES = 1024;
    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.start();
    static final OciClient client = registry.client();
    /** Deletes disabled, a 1 KiB manifest cap and index children required. */
    @RegisterExtension
    static final RegistryExtension limited = RegistryExtension.start()
            .withPolicy(new RegistryPolicy(false, LIMITED_MAX_BYTES, true, 1000, 500));
    static final OciClient limitedClient = limited.client();

    // --- push and pull --------------------------------------------------------------------------------------------

    @Test
    void putByTag_answers201WithLocationAndDigest() {
        byte[] manifest = utf8(simpleImage(client, "mf/put", "put-by-tag"));
        var r = put(client, "mf/put", "v1", OCI_MANIFEST, manifest);
        Digest d = Digest.sha256(manifest);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(header(r, "Location")).isEqualTo("/v2/mf/put/manifests/" + d);
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
        assertThat(r.headers().firstValue("OCI-Subject")).isEmpty();
        assertThat(r.headers().allValues("OCI-Tag")).isEmpty();
    }

    @Test
    void get_byTagAndByDigest_returnsTheExactBytesWithOddWhitespaceAndKeyOrder() {
        String layer = descriptor(OCI_LAYER, pushed(client, "mf/bytes", "odd layer"));
        String config = descriptor(OCI_CONFIG, pushed(client, "mf/bytes", "odd config"));
        byte[] manifest = utf8("\n {  \"layers\" :[ " + layer + " ],\t\"config\":" + config
                + " , \"schemaVersion\" : 2,\r\n\"zzz-custom\": {\"b\": 1, \"a\": [ ]},\"annotations\":"
                + "{\"z\":\"last \u2603\",\"a\":\"first\"}, \"mediaType\":\"" + OCI_MANIFEST + "\"   }\n\n");
        Digest d = Digest.sha256(manifest);
        assertThat(put(client, "mf/bytes", "odd", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
        for (String reference : new String[]{"odd", d.toString()}) {
            var r = client.get("/v2/mf/bytes/manifests/" + reference, "Accept", OCI_MANIFEST);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(manifest);
            assertThat(header(r, "Content-Type")).isEqualTo(OCI_MANIFEST);
            assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
            assertThat(header(r, "Content-Length")).isEqualTo(String.valueOf(manifest.length));
            assertThat(header(r, "ETag")).isEqualTo("\"" + d + "\"");
        }
    }

    @Test
    void head_byTagAndByDigest_carriesLengthDigestAndTypeWithoutBody() {
        byte[] manifest = utf8(simpleImage(client, "mf/head", "head"));
        Digest d = Digest.sha256(manifest);
        put(client, "mf/head", "h", OCI_MANIFEST, manifest);
        for (String reference : new String[]{"h", d.toString()}) {
            var r = client.head("/v2/mf/head/manifests/" + reference);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
            assertThat(header(r, "Content-Length")).isEqualTo(String.valueOf(manifest.length));
            assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
            assertThat(header(r, "Content-Type")).isEqualTo(OCI_MANIFEST);
        }
    }

    @Test
    void put_contentTypeWithParameters_isStoredWithoutThem() {
        byte[] manifest = utf8(simpleImage(client, "mf/params", "params"));
        var r = put(client, "mf/params", "p", OCI_MANIFEST + "; charset=utf-8", manifest);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(header(client.get("/v2/mf/params/manifests/p"), "Content-Type")).isEqualTo(OCI_MANIFEST);
    }

    @Test
    void put_existingTag_movesItToTheNewManifest() {
        byte[] first = utf8(simpleImage(client, "mf/move", "move one"));
        byte[] second = utf8(simpleImage(client, "mf/move", "move two"));
        put(client, "mf/move", "latest", OCI_MANIFEST, first);
        put(client, "mf/move", "latest", OCI_MANIFEST, second);
        assertThat(client.get("/v2/mf/move/manifests/latest").body()).isEqualTo(second);
        assertThat(client.get("/v2/mf/move/manifests/" + Digest.sha256(first)).body()).isEqualTo(first);
    }

    @Test
    void ociIndex_isStoredAndServedWithItsType() {
        byte[] amd = utf8(simpleImage(client, "mf/index", "index amd64"));
        byte[] arm = utf8(simpleImage(client, "mf/index", "index arm64"));
        putByDigest(client, "mf/index", OCI_MANIFEST, amd);
        putByDigest(client, "mf/index", OCI_MANIFEST, arm);
        byte[] idx = utf8(index(OCI_INDEX, platformDescriptor(OCI_MANIFEST, amd, "amd64"),
                platformDescriptor(OCI_MANIFEST, arm, "arm64")));
        assertThat(put(client, "mf/index", "multi", OCI_INDEX, idx).statusCode()).isEqualTo(201);
        var r = client.get("/v2/mf/index/manifests/multi");
        assertThat(r.body()).isEqualTo(idx);
        assertThat(header(r, "Content-Type")).isEqualTo(OCI_INDEX);
    }

    @Test
    void ociIndex_withChildrenNotInTheRepository_isAcceptedByDefault() {
        byte[] absent = utf8(simpleImage(client, "mf/sparse-elsewhere", "sparse child"));
        byte[] idx = utf8(index(OCI_INDEX, platformDescriptor(OCI_MANIFEST, absent, "amd64")));
        assertThat(put(client, "mf/sparse", "sparse", OCI_INDEX, idx).statusCode()).isEqualTo(201);
    }

    @Test
    void ociIndex_withMissingChildWhenPolicyRequiresChildren_is400ManifestBlobUnknown() {
        byte[] absent = utf8(simpleImage(limitedClient, "mf/strict", "strict child"));
        byte[] idx = utf8(index(OCI_INDEX, platformDescriptor(OCI_MANIFEST, absent, "amd64")));
        assertError(put(limitedClient, "mf/strict", "strict", OCI_INDEX, idx), 400, "MANIFEST_BLOB_UNKNOWN");
        putByDigest(limitedClient, "mf/strict", OCI_MANIFEST, absent);
        assertThat(put(limitedClient, "mf/strict", "strict", OCI_INDEX, idx).statusCode()).isEqualTo(201);
    }

    @Test
    void dockerSchema2AndManifestList_areStoredAndServedWithTheirTypes() {
        String config = descriptor(DOCKER_CONFIG, pushed(client, "mf/docker", "docker config"));
        String layer = descriptor(DOCKER_LAYER, pushed(client, "mf/docker", "docker layer"));
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_MANIFEST + "\",\"config\":" + config
                + ",\"layers\":[" + layer + "]}");
        assertThat(put(client, "mf/docker", "v2s2", DOCKER_MANIFEST, manifest).statusCode()).isEqualTo(201);
        var image = client.get("/v2/mf/docker/manifests/v2s2");
        assertThat(image.body()).isEqualTo(manifest);
        assertThat(header(image, "Content-Type")).isEqualTo(DOCKER_MANIFEST);

        byte[] list = utf8(index(DOCKER_LIST, platformDescriptor(DOCKER_MANIFEST, manifest, "amd64")));
        assertThat(put(client, "mf/docker", "list", DOCKER_LIST, list).statusCode()).isEqualTo(201);
        var fetched = client.get("/v2/mf/docker/manifests/list");
        assertThat(fetched.body()).isEqualTo(list);
        assertThat(header(fetched, "Content-Type")).isEqualTo(DOCKER_LIST);
    }

    @Test
    void artifact_withArtifactTypeAndEmptyConfig_isAccepted() {
        String empty = descriptor(OCI_EMPTY, pushed(client, "mf/artifact", "{}", utf8("{}")));
        String blob = descriptor("application/vnd.example.sbom+json", pushed(client, "mf/artifact", "sbom"));
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"artifactType\":\"application/vnd.example.sbom\",\"config\":" + empty
                + ",\"layers\":[" + blob + "]}");
        assertThat(put(client, "mf/artifact", "sbom", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
        assertThat(client.get("/v2/mf/artifact/manifests/sbom").body()).isEqualTo(manifest);
    }

    @Test
    void artifact_withCustomConfigMediaType_isAccepted() {
        String config = descriptor("application/vnd.example.thing.config.v1+json",
                pushed(client, "mf/artifact", "custom config"));
        String blob = descriptor("application/vnd.example.thing.layer.v1", pushed(client, "mf/artifact", "thing"));
        byte[] manifest = utf8(image(config, blob));
        assertThat(put(client, "mf/artifact", "thing", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
    }

    @Test
    void manifest_withEmptyOrMissingLayers_isAccepted() {
        String config = descriptor(OCI_CONFIG, pushed(client, "mf/nolayers", "no layers config"));
        byte[] emptyLayers = utf8(image(config));
        byte[] noLayersField = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                + config + "}");
        assertThat(put(client, "mf/nolayers", "empty", OCI_MANIFEST, emptyLayers).statusCode()).isEqualTo(201);
        assertThat(put(client, "mf/nolayers", "absent", OCI_MANIFEST, noLayersField).statusCode()).isEqualTo(201);
        assertThat(client.get("/v2/mf/nolayers/manifests/absent").body()).isEqualTo(noLayersField);
    }

    @Test
    void manifest_withNonDistributableLayerAbsentFromRegistry_isAccepted() {
        String config = descriptor(OCI_CONFIG, pushed(client, "mf/foreign", "foreign config"));
        byte[] foreign = content("foreign layer never pushed");
        String layer = "{\"mediaType\":\"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip\",\"digest\":\""
                + Digest.sha256(foreign) + "\",\"size\":" + foreign.length
                + ",\"urls\":[\"https://example.com/layers/foreign.tar.gz\"]}";
        byte[] manifest = utf8(image(config, layer));
        assertThat(put(client, "mf/foreign", "win", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
    }

    @Test
    void put_withoutMediaTypeField_isServedWithTheContentTypeItWasPushedWith() {
        String config = descriptor(DOCKER_CONFIG, pushed(client, "mf/untyped", "untyped config"));
        String layer = descriptor(DOCKER_LAYER, pushed(client, "mf/untyped", "untyped layer"));
        byte[] manifest = utf8("{\"schemaVersion\":2,\"config\":" + config + ",\"layers\":[" + layer + "]}");
        assertThat(put(client, "mf/untyped", "docker", DOCKER_MANIFEST, manifest).statusCode()).isEqualTo(201);
        assertThat(header(client.get("/v2/mf/untyped/manifests/docker"), "Content-Type")).isEqualTo(DOCKER_MANIFEST);
        byte[] list = utf8("{\"schemaVersion\":2,\"manifests\":["
                + platformDescriptor(DOCKER_MANIFEST, manifest, "amd64") + "]}");
        assertThat(put(client, "mf/untyped", "list", DOCKER_LIST, list).statusCode()).isEqualTo(201);
        assertThat(header(client.get("/v2/mf/untyped/manifests/list"), "Content-Type")).isEqualTo(DOCKER_LIST);
    }

    @Test
    void routeKeywordsInsideRepositoryNames_addressTheRightRepository() {
        String repository = "mf/blobs/uploads/manifests/tags";
        byte[] manifest = utf8(simpleImage(client, repository, "keyword names"));
        Digest d = Digest.sha256(manifest);
        assertThat(put(client, repository, "list", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
        assertThat(client.get("/v2/" + repository + "/manifests/list").body()).isEqualTo(manifest);
        assertThat(json(client.get("/v2/" + repository + "/tags/list")).path("name").stringValue())
                .isEqualTo(repository);
        byte[] layer = content("keyword names layer");
        assertThat(client.get("/v2/" + repository + "/blobs/" + Digest.sha256(layer)).body()).isEqualTo(layer);
        var start = client.send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        assertThat(header(start, "Location")).startsWith("/v2/" + repository + "/blobs/uploads/");
        assertThat(client.get(header(start, "Location")).statusCode()).isEqualTo(204);
        assertError(client.get("/v2/mf/blobs/uploads/manifests/manifests/list"), 404, "MANIFEST_UNKNOWN");
        assertThat(client.get("/v2/" + repository + "/manifests/" + d).statusCode()).isEqualTo(200);
    }

    // --- rejected pushes ------------------------------------------------------------------------------------------

    @Test
    void put_schema1_is400ManifestInvalid() {
        byte[] schema1 = utf8("{\"schemaVersion\":1,\"name\":\"mf/schema1\",\"tag\":\"old\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[],\"history\":[],\"signatures\":[]}");
        assertError(put(client, "mf/schema1", "old", "application/vnd.docker.distribution.manifest.v1+prettyjws",
                schema1), 400, "MANIFEST_INVALID");
        byte[] declared = utf8("{\"schemaVersion\":2,\"mediaType\":"
                + "\"application/vnd.docker.distribution.manifest.v1+json\"}");
        assertError(put(client, "mf/schema1", "old", "application/vnd.docker.distribution.manifest.v1+json",
                declared), 400, "MANIFEST_INVALID");
        assertError(client.get("/v2/mf/schema1/manifests/old"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void put_malformedJson_is400ManifestInvalid() {
        for (String body : new String[]{"{\"schemaVersion\":2,", "[]", "", "not json at all", "{\"schemaVersion\":2}",
                "{\"schemaVersion\":\"2\",\"config\":{}}"}) {
            assertError(put(client, "mf/malformed", "bad", OCI_MANIFEST, utf8(body)), 400, "MANIFEST_INVALID");
        }
    }

    @Test
    void put_descriptorWithBadDigestOrSize_is400ManifestInvalid() {
        byte[] cfg = content("bad descriptor config");
        client.pushBlob("mf/baddesc", cfg);
        String badDigest = "{\"mediaType\":\"" + OCI_CONFIG + "\",\"digest\":\"sha256:xyz\",\"size\":3}";
        String wrongSize = "{\"mediaType\":\"" + OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(cfg) + "\",\"size\":"
                + (cfg.length + 1) + "}";
        assertError(put(client, "mf/baddesc", "x", OCI_MANIFEST, utf8(image(badDigest))), 400, "MANIFEST_INVALID");
        assertError(put(client, "mf/baddesc", "x", OCI_MANIFEST, utf8(image(wrongSize))), 400, "MANIFEST_INVALID");
    }

    @Test
    void put_referencingMissingBlob_is400ManifestBlobUnknownAndNothingStored() {
        String config = descriptor(OCI_CONFIG, pushed(client, "mf/missing", "missing-blob config"));
        String missing = descriptor(OCI_LAYER, content("layer never pushed anywhere"));
        byte[] manifest = utf8(image(config, missing));
        assertError(put(client, "mf/missing", "t", OCI_MANIFEST, manifest), 400, "MANIFEST_BLOB_UNKNOWN");
        assertError(client.get("/v2/mf/missing/manifests/" + Digest.sha256(manifest)), 404, "MANIFEST_UNKNOWN");
        assertError(client.get("/v2/mf/missing/manifests/t"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void put_referencingBlobOfAnotherRepositoryOnly_is400ManifestBlobUnknown() {
        String config = descriptor(OCI_CONFIG, pushed(client, "mf/other-owner", "owned elsewhere"));
        byte[] manifest = utf8(image(config));
        client.pushBlob("mf/borrower", content("borrower's own blob"));
        assertError(put(client, "mf/borrower", "t", OCI_MANIFEST, manifest), 400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void put_contentTypeDisagreeingWithMediaType_is400ManifestInvalid() {
        byte[] manifest = utf8(simpleImage(client, "mf/mismatch", "type mismatch"));
        assertError(put(client, "mf/mismatch", "t", DOCKER_MANIFEST, manifest), 400, "MANIFEST_INVALID");
        assertError(put(client, "mf/mismatch", "t", OCI_INDEX, manifest), 400, "MANIFEST_INVALID");
    }

    @Test
    void putByDigest_withWrongDigest_is400DigestInvalidAndNothingStored() {
        byte[] manifest = utf8(simpleImage(client, "mf/wrong-digest", "wrong digest"));
        Digest other = Digest.sha256(utf8("another manifest"));
        var r = client.send("PUT", "/v2/mf/wrong-digest/manifests/" + other, manifest, "Content-Type", OCI_MANIFEST);
        assertError(r, 400, "DIGEST_INVALID");
        assertError(client.get("/v2/mf/wrong-digest/manifests/" + other), 404, "MANIFEST_UNKNOWN");
        assertError(client.get("/v2/mf/wrong-digest/manifests/" + Digest.sha256(manifest)), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void putByDigest_sha512_isVerifiedAndStoredUnderIt() {
        byte[] manifest = utf8(simpleImage(client, "mf/sha512", "sha512 manifest"));
        Digest d = Digest.compute(DigestAlgorithm.SHA512, manifest);
        var r = client.send("PUT", "/v2/mf/sha512/manifests/" + d, manifest, "Content-Type", OCI_MANIFEST);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
        var got = client.get("/v2/mf/sha512/manifests/" + d);
        assertThat(got.body()).isEqualTo(manifest);
        assertThat(header(got, "Docker-Content-Digest")).isEqualTo(d.toString());
    }

    @Test
    void put_invalidTag_is400TagInvalid() {
        byte[] manifest = utf8(simpleImage(client, "mf/badtag", "bad tag"));
        assertError(put(client, "mf/badtag", "-leading-dash", OCI_MANIFEST, manifest), 400, "TAG_INVALID");
        assertError(client.send("PUT", "/v2/mf/badtag/manifests/" + Digest.sha256(manifest) + "?tag=ok&tag=no%21",
                manifest, "Content-Type", OCI_MANIFEST), 400, "TAG_INVALID");
    }

    @Test
    void put_over4MiB_is413() {
        String config = descriptor(OCI_CONFIG, pushed(client, "mf/huge", "huge config"));
        String padding = "x".repeat(4 * 1024 * 1024);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":" + config
                + ",\"layers\":[],\"annotations\":{\"pad\":\"" + padding + "\"}}");
        assertError(put(client, "mf/huge", "big", OCI_MANIFEST, manifest), 413, "SIZE_INVALID");
        assertError(client.get("/v2/mf/huge/manifests/big"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void put_exactly4MiB_isAccepted() {
        String config = descriptor(OCI_CONFIG, pushed(client, "mf/huge", "4MiB config"));
        String prefix = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":" + config
                + ",\"layers\":[],\"annotations\":{\"pad\":\"";
        String suffix = "\"}}";
        String padding = "y".repeat(4 * 1024 * 1024 - prefix.length() - suffix.length());
        byte[] manifest = utf8(prefix + padding + suffix);
        assertThat(manifest).hasSize(4 * 1024 * 1024);
        assertThat(put(client, "mf/huge", "max", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
    }

    @Test
    @Timeout(10)
    void put_declaring10GiB_is413WithoutTheBodyBeingSent() {
        String answer = RawHttp.exchange(registry.port(), "PUT /v2/mf/huge/manifests/giant HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: " + OCI_MANIFEST + "\r\nContent-Length: 10737418240\r\n", new byte[0], true);
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(413);
        assertThat(RawHttp.header(answer, "Content-Type")).hasValue("application/json");
        assertThat(RawHttp.body(answer)).contains("\"SIZE_INVALID\"");
    }

    @Test
    void put_chunkedBodyOverTheCap_is413() {
        byte[] body = utf8("{\"schemaVersion\":2,\"annotations\":{\"pad\":\"" + "z".repeat(2 * LIMITED_MAX_BYTES)
                + "\"}}");
        String answer = RawHttp.chunked(limited.port(), "PUT /v2/mf/capped/manifests/t HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: " + OCI_MANIFEST + "\r\nConnection: close\r\n", body, 256);
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(413);
        assertThat(RawHttp.body(answer)).contains("\"SIZE_INVALID\"");
    }

    // --- several tags, conditional requests ---------------------------------------------------------------------

    @Test
    void putByDigest_withTagParameters_setsEveryTagAndEchoesOciTag() {
        byte[] manifest = utf8(simpleImage(client, "mf/multitag", "multi tag"));
        Digest d = Digest.sha256(manifest);
        var r = client.send("PUT", "/v2/mf/multitag/manifests/" + d + "?tag=a&tag=b", manifest,
                "Content-Type", OCI_MANIFEST);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("OCI-Tag")).containsExactlyInAnyOrder("a", "b");
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
        for (String tag : new String[]{"a", "b"}) {
            assertThat(header(client.head("/v2/mf/multitag/manifests/" + tag), "Docker-Content-Digest"))
                    .isEqualTo(d.toString());
        }
    }

    @Test
    void putByTag_withTagParameters_setsThePathTagToo() {
        byte[] manifest = utf8(simpleImage(client, "mf/multitag", "path and query tags"));
        var r = client.send("PUT", "/v2/mf/multitag/manifests/main?tag=extra", manifest, "Content-Type", OCI_MANIFEST);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("OCI-Tag")).contains("extra");
        assertThat(client.get("/v2/mf/multitag/manifests/main").body()).isEqualTo(manifest);
        assertThat(client.get("/v2/mf/multitag/manifests/extra").body()).isEqualTo(manifest);
    }

    @Test
    void ifNoneMatchStar_onExistingTag_is412AndTagUnchanged() {
        byte[] first = utf8(simpleImage(client, "mf/cond", "cond first"));
        byte[] second = utf8(simpleImage(client, "mf/cond", "cond second"));
        var created = client.send("PUT", "/v2/mf/cond/manifests/once", first, "Content-Type", OCI_MANIFEST,
                "If-None-Match", "*");
        assertThat(created.statusCode()).isEqualTo(201);
        var again = client.send("PUT", "/v2/mf/cond/manifests/once", second, "Content-Type", OCI_MANIFEST,
                "If-None-Match", "*");
        assertError(again, 412, "PRECONDITION_FAILED");
        assertThat(client.get("/v2/mf/cond/manifests/once").body()).isEqualTo(first);
    }

    @Test
    void ifMatch_withWrongDigest_is412_withCurrentDigest_is201() {
        byte[] first = utf8(simpleImage(client, "mf/cond", "if-match first"));
        byte[] second = utf8(simpleImage(client, "mf/cond", "if-match second"));
        put(client, "mf/cond", "guarded", OCI_MANIFEST, first);
        var wrong = client.send("PUT", "/v2/mf/cond/manifests/guarded", second, "Content-Type", OCI_MANIFEST,
                "If-Match", "\"" + Digest.sha256(second) + "\"");
        assertError(wrong, 412, "PRECONDITION_FAILED");
        assertThat(client.get("/v2/mf/cond/manifests/guarded").body()).isEqualTo(first);
        var right = client.send("PUT", "/v2/mf/cond/manifests/guarded", second, "Content-Type", OCI_MANIFEST,
                "If-Match", "\"" + Digest.sha256(first) + "\"");
        assertThat(right.statusCode()).isEqualTo(201);
        assertThat(client.get("/v2/mf/cond/manifests/guarded").body()).isEqualTo(second);
    }

    @Test
    void ifMatch_onMissingTag_is412() {
        byte[] manifest = utf8(simpleImage(client, "mf/cond", "if-match missing"));
        var r = client.send("PUT", "/v2/mf/cond/manifests/not-yet", manifest, "Content-Type", OCI_MANIFEST,
                "If-Match", "\"" + Digest.sha256(manifest) + "\"");
        assertError(r, 412, "PRECONDITION_FAILED");
        assertError(client.get("/v2/mf/cond/manifests/not-yet"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void get_withMatchingIfNoneMatch_is304WithoutBody() {
        byte[] manifest = utf8(simpleImage(client, "mf/etag", "etag"));
        Digest d = Digest.sha256(manifest);
        put(client, "mf/etag", "e", OCI_MANIFEST, manifest);
        var r = client.get("/v2/mf/etag/manifests/e", "If-None-Match", "\"" + d + "\"");
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "ETag")).isEqualTo("\"" + d + "\"");
        assertThat(client.head("/v2/mf/etag/manifests/" + d, "If-None-Match", "\"" + d + "\"").statusCode())
                .isEqualTo(304);
        var other = client.get("/v2/mf/etag/manifests/e", "If-None-Match", "\"" + Digest.sha256(utf8("x")) + "\"");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(manifest);
    }

    // --- unknown manifests ---------------------------------------------------------------------------------------

    @Test
    void get_unknownTagDigestOrRepository_is404ManifestUnknown() {
        byte[] manifest = utf8(simpleImage(client, "mf/known", "known"));
        put(client, "mf/known", "here", OCI_MANIFEST, manifest);
        Digest d = Digest.sha256(manifest);
        assertError(client.get("/v2/mf/known/manifests/missing"), 404, "MANIFEST_UNKNOWN");
        assertError(client.head("/v2/mf/known/manifests/missing"), 404, "MANIFEST_UNKNOWN");
        assertError(client.get("/v2/mf/known/manifests/" + Digest.sha256(utf8("nope"))), 404, "MANIFEST_UNKNOWN");
        assertError(client.get("/v2/mf/stranger/manifests/" + d), 404, "MANIFEST_UNKNOWN");
        assertError(client.get("/v2/mf/stranger/manifests/here"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void get_badDigestReference_is400DigestInvalid() {
        assertError(client.get("/v2/mf/known/manifests/sha256:1234"), 400, "DIGEST_INVALID");
        assertError(client.get("/v2/mf/known/manifests/md5:d41d8cd98f00b204e9800998ecf8427e"), 400,
                "DIGEST_INVALID");
    }

    // --- deletes --------------------------------------------------------------------------------------------------

    @Test
    void deleteByTag_removesOnlyThatTag() {
        byte[] manifest = utf8(simpleImage(client, "mf/deltag", "delete tag"));
        Digest d = Digest.sha256(manifest);
        put(client, "mf/deltag", "keep", OCI_MANIFEST, manifest);
        put(client, "mf/deltag", "drop", OCI_MANIFEST, manifest);
        var r = client.send("DELETE", "/v2/mf/deltag/manifests/drop", null);
        assertThat(r.statusCode()).isEqualTo(202);
        assertError(client.get("/v2/mf/deltag/manifests/drop"), 404, "MANIFEST_UNKNOWN");
        assertThat(client.get("/v2/mf/deltag/manifests/keep").body()).isEqualTo(manifest);
        assertThat(client.get("/v2/mf/deltag/manifests/" + d).statusCode()).isEqualTo(200);
        assertThat(json(client.get("/v2/mf/deltag/tags/list")).path("tags").toString()).isEqualTo("[\"keep\"]");
        assertError(client.send("DELETE", "/v2/mf/deltag/manifests/drop", null), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void deleteByDigest_removesTheManifestAndEveryTag() {
        byte[] manifest = utf8(simpleImage(client, "mf/deldigest", "delete digest"));
        byte[] survivor = utf8(simpleImage(client, "mf/deldigest", "survivor"));
        Digest d = Digest.sha256(manifest);
        put(client, "mf/deldigest", "one", OCI_MANIFEST, manifest);
        put(client, "mf/deldigest", "two", OCI_MANIFEST, manifest);
        put(client, "mf/deldigest", "other", OCI_MANIFEST, survivor);
        var r = client.send("DELETE", "/v2/mf/deldigest/manifests/" + d, null);
        assertThat(r.statusCode()).isEqualTo(202);
        assertError(client.get("/v2/mf/deldigest/manifests/" + d), 404, "MANIFEST_UNKNOWN");
        assertError(client.get("/v2/mf/deldigest/manifests/one"), 404, "MANIFEST_UNKNOWN");
        assertError(client.get("/v2/mf/deldigest/manifests/two"), 404, "MANIFEST_UNKNOWN");
        assertError(client.get("/v2/mf/deldigest/blobs/" + d), 404, "BLOB_UNKNOWN");
        assertThat(client.get("/v2/mf/deldigest/manifests/other").body()).isEqualTo(survivor);
        assertThat(json(client.get("/v2/mf/deldigest/tags/list")).path("tags").toString()).isEqualTo("[\"other\"]");
        assertError(client.send("DELETE", "/v2/mf/deldigest/manifests/" + d, null), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void delete_whenDeletesDisabled_is405UnsupportedAndNothingRemoved() {
        byte[] manifest = utf8(simpleImage(limitedClient, "mf/nodelete", "no delete"));
        Digest d = Digest.sha256(manifest);
        put(limitedClient, "mf/nodelete", "t", OCI_MANIFEST, manifest);
        assertError(limitedClient.send("DELETE", "/v2/mf/nodelete/manifests/t", null), 405, "UNSUPPORTED");
        assertError(limitedClient.send("DELETE", "/v2/mf/nodelete/manifests/" + d, null), 405, "UNSUPPORTED");
        assertThat(limitedClient.get("/v2/mf/nodelete/manifests/t").body()).isEqualTo(manifest);
    }

    // --- subject, manifests as blobs -----------------------------------------------------------------------------

    @Test
    void put_withSubject_echoesOciSubjectEvenWhenTheSubjectDoesNotExist() {
        Digest subject = Digest.sha256(utf8("a subject manifest that was never pushed"));
        String empty = descriptor(OCI_EMPTY, pushed(client, "mf/subject", "{}", utf8("{}")));
        byte[] referrer = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"artifactType\":\"application/vnd.example.signature\",\"config\":" + empty
                + ",\"layers\":[" + empty + "],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + subject + "\",\"size\":1234}}");
        var r = putByDigest(client, "mf/subject", OCI_MANIFEST, referrer);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(header(r, "OCI-Subject")).isEqualTo(subject.toString());
    }

    @Test
    void manifest_isFetchableThroughTheBlobEndpointByDigest() {
        byte[] manifest = utf8(simpleImage(client, "mf/as-blob", "as blob"));
        Digest d = Digest.sha256(manifest);
        put(client, "mf/as-blob", "t", OCI_MANIFEST, manifest);
        var get = client.get("/v2/mf/as-blob/blobs/" + d);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(manifest);
        assertThat(header(get, "Docker-Content-Digest")).isEqualTo(d.toString());
        var head = client.head("/v2/mf/as-blob/blobs/" + d);
        assertThat(header(head, "Content-Length")).isEqualTo(String.valueOf(manifest.length));
        var range = client.get("/v2/mf/as-blob/blobs/" + d, "Range", "bytes=0-9");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOf(manifest, 10));
        assertError(client.get("/v2/mf/not-as-blob/blobs/" + d), 404, "BLOB_UNKNOWN");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static HttpResponse<byte[]> put(OciClient c, String repository, String reference, String contentType,
                                            byte[] manifest) {
        return c.send("PUT", "/v2/" + repository + "/manifests/" + reference, manifest, "Content-Type", contentType);
    }

    private static HttpResponse<byte[]> putByDigest(OciClient c, String repository, String contentType,
                                                    byte[] manifest) {
        var r = put(c, repository, Digest.sha256(manifest).toString(), contentType, manifest);
        assertThat(r.statusCode()).as(OciClient.text(r)).isEqualTo(201);
        return r;
    }

    /** Pushes a blob with content derived from {@code seed} and returns its bytes. */
    private static byte[] pushed(OciClient c, String repository, String seed) {
        return pushed(c, repository, seed, content(seed));
    }

    private static byte[] pushed(OciClient c, String repository, String seed, byte[] bytes) {
        c.pushBlob(repository, bytes);
        return bytes;
    }

    /** An OCI image manifest whose config and one layer (derived from {@code seed}) are pushed to the repository. */
    private static String simpleImage(OciClient c, String repository, String seed) {
        return image(descriptor(OCI_CONFIG, pushed(c, repository, seed + " config")),
                descriptor(OCI_LAYER, pushed(c, repository, seed + " layer")));
    }
}
