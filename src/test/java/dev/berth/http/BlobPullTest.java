package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.registry.RegistryPolicy;
import dev.berth.testing.OciClient;
import dev.berth.testing.RegistryExtension;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static dev.berth.testing.HttpAssertions.assertError;
import static dev.berth.testing.HttpAssertions.header;
import static dev.berth.testing.TestManifests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** GET/HEAD/DELETE {@code /v2/<name>/blobs/<digest>}: whole and partial pulls, conditional GETs, unlinking. */
@Timeout(30)
class BlobPullTest {
    private static final byte[] TEN = utf8("0123456789");
    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.start();
    static final OciClient client = registry.client();

    @Test
    void get_pushedBlob_returnsBytesWithDigestAndLength() {
        byte[] content = utf8("blob pull get");
        Digest d = client.pushBlob("pull/get", content);
        var r = client.get("/v2/pull/get/blobs/" + d);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(content);
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
        assertThat(header(r, "Content-Length")).isEqualTo(String.valueOf(content.length));
        assertThat(header(r, "Content-Type")).isEqualTo("application/octet-stream");
        assertThat(header(r, "ETag")).isEqualTo("\"" + d + "\"");
        assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
    }

    @Test
    void head_pushedBlob_carriesRealLengthAndDigestWithoutBody() {
        byte[] content = new byte[70_000];
        Arrays.fill(content, (byte) 7);
        Digest d = client.pushBlob("pull/head", content);
        var r = client.head("/v2/pull/head/blobs/" + d);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "Content-Length")).isEqualTo("70000");
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
        assertThat(header(r, "ETag")).isEqualTo("\"" + d + "\"");
    }

    @Test
    void get_emptyBlob_answers200WithZeroLength() {
        byte[] empty = new byte[0];
        Digest d = Digest.sha256(empty);
        var start = client.send("POST", "/v2/pull/empty/blobs/uploads/", null);
        var put = client.send("PUT", header(start, "Location") + "?digest=" + d, empty);
        assertThat(put.statusCode()).isEqualTo(201);
        var r = client.get("/v2/pull/empty/blobs/" + d);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "Content-Length")).isEqualTo("0");
        assertThat(header(client.head("/v2/pull/empty/blobs/" + d), "Content-Length")).isEqualTo("0");
    }

    @Test
    void get_blobOverSeveralMappedWindows_returnsExactBytesWholeAndRanged() {
        assertThat(MappedFileSender.available()).as("sun.misc.Unsafe.invokeCleaner on this JDK").isTrue();
        byte[] content = new byte[(int) (2 * MappedFileSender.WINDOW + 12_345)];
        new java.util.Random(7).nextBytes(content);
        Digest d = client.pushBlob("pull/mapped", content);

        var whole = client.get("/v2/pull/mapped/blobs/" + d);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(content);

        int first = (int) MappedFileSender.WINDOW - 300_000;
        int last = (int) (2 * MappedFileSender.WINDOW) + 99;
        var ranged = client.get("/v2/pull/mapped/blobs/" + d, "Range", "bytes=" + first + "-" + last);
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(content, first, last + 1));
        assertThat(header(ranged, "Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + content.length);
    }

    @Test
    void get_withClosedRange_answers206WithContentRange() {
        Digest d = client.pushBlob("pull/range", TEN);
        var r = client.get("/v2/pull/range/blobs/" + d, "Range", "bytes=2-5");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(new String(r.body())).isEqualTo("2345");
        assertThat(header(r, "Content-Range")).isEqualTo("bytes 2-5/10");
        assertThat(header(r, "Content-Length")).isEqualTo("4");
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
    }

    @Test
    void get_withOpenEndedRange_answers206ToTheEnd() {
        Digest d = client.pushBlob("pull/range", TEN);
        var r = client.get("/v2/pull/range/blobs/" + d, "Range", "bytes=7-");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(new String(r.body())).isEqualTo("789");
        assertThat(header(r, "Content-Range")).isEqualTo("bytes 7-9/10");
    }

    @Test
    void get_withRangeEndBeyondSize_isClampedToTheLastByte() {
        Digest d = client.pushBlob("pull/range", TEN);
        var r = client.get("/v2/pull/range/blobs/" + d, "Range", "bytes=8-100");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(new String(r.body())).isEqualTo("89");
        assertThat(header(r, "Content-Range")).isEqualTo("bytes 8-9/10");
    }

    @Test
    void get_withSuffixRange_answersTheLastBytes() {
        Digest d = client.pushBlob("pull/range", TEN);
        var r = client.get("/v2/pull/range/blobs/" + d, "Range", "bytes=-3");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(new String(r.body())).isEqualTo("789");
        assertThat(header(r, "Content-Range")).isEqualTo("bytes 7-9/10");
    }

    @Test
    void get_withSuffixLongerThanBlob_answersTheWholeBlobAs206() {
        Digest d = client.pushBlob("pull/range", TEN);
        var r = client.get("/v2/pull/range/blobs/" + d, "Range", "bytes=-50");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(TEN);
        assertThat(header(r, "Content-Range")).isEqualTo("bytes 0-9/10");
    }

    @Test
    void get_withRangeStartingPastTheEnd_answers416WithSize() {
        Digest d = client.pushBlob("pull/range", TEN);
        var r = client.get("/v2/pull/range/blobs/" + d, "Range", "bytes=10-20");
        assertError(r, 416, "RANGE_INVALID");
        assertThat(header(r, "Content-Range")).isEqualTo("bytes */10");
    }

    @Test
    void get_withZeroSuffixRange_answers416() {
        Digest d = client.pushBlob("pull/range", TEN);
        assertError(client.get("/v2/pull/range/blobs/" + d, "Range", "bytes=-0"), 416, "RANGE_INVALID");
    }

    @Test
    void get_withUnparseableRange_ignoresItAndAnswersWholeBlob() {
        Digest d = client.pushBlob("pull/range", TEN);
        var r = client.get("/v2/pull/range/blobs/" + d, "Range", "lines=1-2");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(TEN);
        assertThat(r.headers().firstValue("Content-Range")).isEmpty();
    }

    @Test
    void get_withMatchingIfNoneMatch_answers304WithoutBody() {
        Digest d = client.pushBlob("pull/etag", utf8("etag blob"));
        var r = client.get("/v2/pull/etag/blobs/" + d, "If-None-Match", "\"" + d + "\"");
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "ETag")).isEqualTo("\"" + d + "\"");
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
    }

    @Test
    void get_withOtherIfNoneMatch_answers200() {
        Digest d = client.pushBlob("pull/etag", utf8("etag blob"));
        var r = client.get("/v2/pull/etag/blobs/" + d, "If-None-Match", "\"" + Digest.sha256(TEN) + "\"");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body())).isEqualTo("etag blob");
    }

    @Test
    void get_unknownDigest_is404BlobUnknown() {
        Digest unknown = Digest.sha256(utf8("never pushed"));
        client.pushBlob("pull/unknown", TEN);
        assertError(client.get("/v2/pull/unknown/blobs/" + unknown), 404, "BLOB_UNKNOWN");
        assertError(client.head("/v2/pull/unknown/blobs/" + unknown), 404, "BLOB_UNKNOWN");
    }

    @Test
    void get_unknownDigestWithIfNoneMatch_is404NotA304() {
        Digest unknown = Digest.sha256(utf8("never pushed either"));
        var r = client.get("/v2/pull/unknown/blobs/" + unknown, "If-None-Match", "\"" + unknown + "\"");
        assertError(r, 404, "BLOB_UNKNOWN");
    }

    @Test
    void get_blobOfAnotherRepository_is404() {
        byte[] content = utf8("only in pull/owner");
        Digest d = client.pushBlob("pull/owner", content);
        client.pushBlob("pull/stranger", TEN);
        assertError(client.get("/v2/pull/stranger/blobs/" + d), 404, "BLOB_UNKNOWN");
        assertError(client.head("/v2/pull/stranger/blobs/" + d), 404, "BLOB_UNKNOWN");
        assertError(client.get("/v2/pull/never-created/blobs/" + d), 404, "BLOB_UNKNOWN");
        assertThat(client.get("/v2/pull/owner/blobs/" + d).statusCode()).isEqualTo(200);
    }

    @Test
    void delete_linkedBlob_unlinksItFromThatRepositoryOnly() {
        byte[] content = utf8("shared then deleted");
        Digest d = client.pushBlob("pull/del-a", content);
        client.pushBlob("pull/del-b", content);
        var r = client.send("DELETE", "/v2/pull/del-a/blobs/" + d, null);
        assertThat(r.statusCode()).isEqualTo(202);
        assertError(client.get("/v2/pull/del-a/blobs/" + d), 404, "BLOB_UNKNOWN");
        assertError(client.head("/v2/pull/del-a/blobs/" + d), 404, "BLOB_UNKNOWN");
        assertThat(client.get("/v2/pull/del-b/blobs/" + d).body()).isEqualTo(content);
    }

    @Test
    void delete_unknownBlob_is404BlobUnknown() {
        Digest d = client.pushBlob("pull/del-twice", utf8("deleted twice"));
        assertThat(client.send("DELETE", "/v2/pull/del-twice/blobs/" + d, null).statusCode()).isEqualTo(202);
        assertError(client.send("DELETE", "/v2/pull/del-twice/blobs/" + d, null), 404, "BLOB_UNKNOWN");
    }

    @Test
    void delete_withBadDigest_is400DigestInvalid() {
        assertError(client.send("DELETE", "/v2/pull/del/blobs/sha256:abc", null), 400, "DIGEST_INVALID");
    }

    @Test
    void delete_whenDeletesDisabled_is405UnsupportedAndBlobStays(@TempDir Path other) {
        RegistryPolicy noDeletes = new RegistryPolicy(false, 4L * 1024 * 1024, false, 1000, 500);
        try (TestRegistry readOnly = TestRegistry.start(other, noDeletes)) {
            OciClient c = new OciClient(readOnly);
            Digest d = c.pushBlob("pull/keep", TEN);
            assertError(c.send("DELETE", "/v2/pull/keep/blobs/" + d, null), 405, "UNSUPPORTED");
            assertThat(c.get("/v2/pull/keep/blobs/" + d).statusCode()).isEqualTo(200);
        }
    }
}
