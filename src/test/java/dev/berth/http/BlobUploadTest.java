package dev.berth.http;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.RegistryException;
import dev.berth.testing.OciClient;
import dev.berth.testing.RawHttp;
import dev.berth.testing.RegistryExtension;
import dev.berth.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static dev.berth.testing.HttpAssertions.assertError;
import static dev.berth.testing.HttpAssertions.header;
import static dev.berth.testing.TestManifests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pushing blobs (spec end-4a/4b/4c, end-5, end-6, end-11, end-13, end-14): every way of uploading, and every way
 * an upload can fail without leaving anything visible.
 */
@Timeout(30)
class BlobUploadTest {
    private static final String OCTETS = "application/octet-stream";
    @RegisterExtension
    static final RegistryExtension registry = RegistryExtension.start();
    static final OciClient client = registry.client();

    // --- monolithic and POST-then-PUT -------------------------------------------------------------------------

    @Test
    void monolithicPost_withDigest_answers201WithLocationAndDigest() {
        byte[] content = utf8("monolithic");
        Digest d = Digest.sha256(content);
        var r = client.send("POST", "/v2/up/mono/blobs/uploads/?digest=" + d, content, "Content-Type", OCTETS);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(header(r, "Location")).isEqualTo("/v2/up/mono/blobs/" + d);
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
        assertThat(client.get("/v2/up/mono/blobs/" + d).body()).isEqualTo(content);
    }

    @Test
    void monolithicPost_withChunkedBody_answers201() {
        byte[] content = utf8("monolithic, but streamed in chunks");
        Digest d = Digest.sha256(content);
        String answer = RawHttp.chunked(registry.port(), "POST /v2/up/mono/blobs/uploads/?digest=" + d
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n",
                content, 7);
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(201);
        assertThat(RawHttp.header(answer, "Docker-Content-Digest")).hasValue(d.toString());
        assertThat(client.get("/v2/up/mono/blobs/" + d).body()).isEqualTo(content);
    }

    @Test
    void put_withChunkedFinalBody_answers201() {
        byte[] content = utf8("whole blob in a chunked PUT");
        Digest d = Digest.sha256(content);
        String location = startUpload("up/post-put");
        String answer = RawHttp.chunked(registry.port(), "PUT " + location + "?digest=" + d
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n", content, 5);
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(201);
        assertThat(client.get("/v2/up/post-put/blobs/" + d).body()).isEqualTo(content);
    }

    @Test
    void post_withoutDigest_answers202WithUploadLocationAndEmptyRange() {
        var r = client.send("POST", "/v2/up/start/blobs/uploads/", null);
        assertThat(r.statusCode()).isEqualTo(202);
        String location = header(r, "Location");
        String id = header(r, "Docker-Upload-UUID");
        assertThat(location).isEqualTo("/v2/up/start/blobs/uploads/" + id);
        assertThat(header(r, "Range")).isEqualTo("0-0");
        assertThat(header(r, "Content-Length")).isEqualTo("0");
    }

    @Test
    void postThenPut_withWholeBody_answers201AndEndsTheUpload() {
        byte[] content = utf8("post then put");
        Digest d = Digest.sha256(content);
        String location = startUpload("up/post-put");
        var put = client.send("PUT", location + "?digest=" + d, content, "Content-Type", OCTETS);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(header(put, "Location")).isEqualTo("/v2/up/post-put/blobs/" + d);
        assertThat(header(put, "Docker-Content-Digest")).isEqualTo(d.toString());
        assertThat(client.get("/v2/up/post-put/blobs/" + d).body()).isEqualTo(content);
        assertError(client.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void post_withDigestButNoBody_startsAnUploadInstead() {
        byte[] content = utf8("digest announced, body later");
        Digest d = Digest.sha256(content);
        var r = client.send("POST", "/v2/up/announce/blobs/uploads/?digest=" + d, null);
        assertThat(r.statusCode()).isEqualTo(202);
        var put = client.send("PUT", header(r, "Location") + "?digest=" + d, content);
        assertThat(put.statusCode()).isEqualTo(201);
    }

    // --- chunks ---------------------------------------------------------------------------------------------------

    @Test
    void patch_chunksInOrder_reportRangeAndCommitWithEmptyPut() {
        byte[] content = utf8("first chunk|second chunk|third");
        Digest d = Digest.sha256(content);
        String location = startUpload("up/chunks");
        var first = patch(location, content, 0, 12);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(header(first, "Range")).isEqualTo("0-11");
        assertThat(header(first, "Location")).isEqualTo(location);
        assertThat(header(first, "Docker-Upload-UUID")).isEqualTo(location.substring(location.lastIndexOf('/') + 1));
        var second = patch(location, content, 12, 25);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(header(second, "Range")).isEqualTo("0-24");
        var third = patch(location, content, 25, content.length);
        assertThat(header(third, "Range")).isEqualTo("0-" + (content.length - 1));
        var put = client.send("PUT", location + "?digest=" + d, null);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(header(put, "Docker-Content-Digest")).isEqualTo(d.toString());
        assertThat(client.get("/v2/up/chunks/blobs/" + d).body()).isEqualTo(content);
    }

    @Test
    void patch_withBytesUnitInContentRange_isAccepted() {
        byte[] content = utf8("bytes prefix");
        String location = startUpload("up/chunks");
        var r = client.send("PATCH", location, content, "Content-Type", OCTETS,
                "Content-Range", "bytes 0-" + (content.length - 1) + "/" + content.length);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(header(r, "Range")).isEqualTo("0-" + (content.length - 1));
    }

    @Test
    void patch_outOfOrder_is416WithCurrentRangeAndLocation() {
        byte[] content = utf8("0123456789abcdef");
        String location = startUpload("up/out-of-order");
        assertThat(patch(location, content, 0, 4).statusCode()).isEqualTo(202);
        var skipped = patch(location, content, 8, 12);
        assertError(skipped, 416, "RANGE_INVALID");
        assertThat(header(skipped, "Range")).isEqualTo("0-3");
        assertThat(header(skipped, "Location")).isEqualTo(location);
        var repeated = patch(location, content, 0, 4);
        assertError(repeated, 416, "RANGE_INVALID");
        assertThat(header(repeated, "Range")).isEqualTo("0-3");
        assertThat(header(client.get(location), "Range")).isEqualTo("0-3");
        assertThat(patch(location, content, 4, content.length).statusCode()).isEqualTo(202);
        var put = client.send("PUT", location + "?digest=" + Digest.sha256(content), null);
        assertThat(put.statusCode()).isEqualTo(201);
    }

    @Test
    void patch_firstChunkNotAtZero_is416() {
        String location = startUpload("up/out-of-order");
        var r = client.send("PATCH", location, utf8("late"), "Content-Type", OCTETS, "Content-Range", "5-8");
        assertError(r, 416, "RANGE_INVALID");
        assertThat(header(r, "Range")).isEqualTo("0-0");
        assertThat(header(r, "Location")).isEqualTo(location);
    }

    @Test
    void patch_malformedContentRange_is416AndNothingAppended() {
        String location = startUpload("up/malformed-range");
        for (String range : new String[]{"abc", "0-", "-5", "3-1", "0-x", "0--3"}) {
            var r = client.send("PATCH", location, utf8("data"), "Content-Type", OCTETS, "Content-Range", range);
            assertError(r, 416, "RANGE_INVALID");
            assertThat(header(r, "Location")).isEqualTo(location);
        }
        assertThat(uploadSize(location)).isZero();
    }

    @Test
    void patch_contentRangeLongerThanBody_isRejectedAndNothingAppended() {
        String location = startUpload("up/range-length");
        var r = client.send("PATCH", location, utf8("ten bytes!"), "Content-Type", OCTETS, "Content-Range", "0-99");
        assertError(r, 416, "RANGE_INVALID");
        assertThat(header(r, "Range")).isEqualTo("0-0");
        assertThat(uploadSize(location)).isZero();
    }

    @Test
    void patch_streamedWithChunkedEncodingAndNoContentRange_isAccepted() {
        byte[] content = new byte[1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Digest d = Digest.sha256(content);
        String location = startUpload("up/streamed");
        String answer = RawHttp.chunked(registry.port(), "PATCH " + location + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/octet-stream\r\nConnection: close\r\n", content, 64 * 1024);
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(202);
        assertThat(RawHttp.header(answer, "Range")).hasValue("0-" + (content.length - 1));
        assertThat(RawHttp.header(answer, "Location")).hasValue(location);
        var put = client.send("PUT", location + "?digest=" + d, null);
        assertThat(put.statusCode()).isEqualTo(201);
        var pulled = client.get("/v2/up/streamed/blobs/" + d);
        assertThat(pulled.body()).isEqualTo(content);
    }

    @Test
    void patch_streamedTwice_appendsBothStreams() {
        byte[] content = utf8("streamed part one, streamed part two");
        String location = startUpload("up/streamed");
        String head = "PATCH " + location + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
        assertThat(RawHttp.status(RawHttp.chunked(registry.port(), head, Arrays.copyOfRange(content, 0, 18), 5)))
                .isEqualTo(202);
        String second = RawHttp.chunked(registry.port(), head, Arrays.copyOfRange(content, 18, content.length), 5);
        assertThat(RawHttp.header(second, "Range")).hasValue("0-" + (content.length - 1));
        assertThat(client.send("PUT", location + "?digest=" + Digest.sha256(content), null).statusCode())
                .isEqualTo(201);
    }

    // --- status, closing PUT, cancel ------------------------------------------------------------------------------

    @Test
    void getStatus_reportsRangeAs204() {
        String location = startUpload("up/status");
        var empty = client.get(location);
        assertThat(empty.statusCode()).isEqualTo(204);
        assertThat(header(empty, "Range")).isEqualTo("0-0");
        assertThat(header(empty, "Location")).isEqualTo(location);
        assertThat(empty.headers().firstValue("Docker-Upload-UUID")).isPresent();
        assertThat(empty.body()).isEmpty();
        patch(location, utf8("seven b"), 0, 7);
        var after = client.get(location);
        assertThat(after.statusCode()).isEqualTo(204);
        assertThat(header(after, "Range")).isEqualTo("0-6");
    }

    @Test
    void put_withFinalChunk_appendsItBeforeVerifying() {
        byte[] content = utf8("patched part + final part in the PUT");
        Digest d = Digest.sha256(content);
        String location = startUpload("up/final-chunk");
        patch(location, content, 0, 14);
        var put = client.send("PUT", location + "?digest=" + d, Arrays.copyOfRange(content, 14, content.length),
                "Content-Type", OCTETS);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(client.get("/v2/up/final-chunk/blobs/" + d).body()).isEqualTo(content);
    }

    @Test
    void put_withFinalChunkAndContentRange_isAccepted() {
        byte[] content = utf8("abcdefghij");
        Digest d = Digest.sha256(content);
        String location = startUpload("up/final-chunk");
        patch(location, content, 0, 4);
        var put = client.send("PUT", location + "?digest=" + d, Arrays.copyOfRange(content, 4, 10),
                "Content-Type", OCTETS, "Content-Range", "4-9");
        assertThat(put.statusCode()).isEqualTo(201);
    }

    @Test
    void put_withFinalChunkOutOfOrder_is416() {
        byte[] content = utf8("abcdefghij");
        String location = startUpload("up/final-chunk");
        patch(location, content, 0, 4);
        var put = client.send("PUT", location + "?digest=" + Digest.sha256(content),
                Arrays.copyOfRange(content, 4, 10), "Content-Type", OCTETS, "Content-Range", "5-10");
        assertError(put, 416, "RANGE_INVALID");
        assertThat(header(put, "Range")).isEqualTo("0-3");
    }

    @Test
    void put_withoutDigest_is400DigestInvalid() {
        String location = startUpload("up/put-no-digest");
        assertError(client.send("PUT", location, utf8("x")), 400, "DIGEST_INVALID");
        assertError(client.send("PUT", location + "?digest=sha256:1234", utf8("x")), 400, "DIGEST_INVALID");
    }

    @Test
    void delete_cancelsTheUpload_then404BlobUploadUnknown() {
        String location = startUpload("up/cancel");
        patch(location, utf8("some bytes"), 0, 10);
        String id = location.substring(location.lastIndexOf('/') + 1);
        var cancel = client.send("DELETE", location, null);
        assertThat(cancel.statusCode()).isEqualTo(204);
        assertError(client.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(client.send("PATCH", location, utf8("more")), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(client.send("PUT", location + "?digest=" + Digest.sha256(utf8("some bytes")), null), 404,
                "BLOB_UPLOAD_UNKNOWN");
        assertError(client.send("DELETE", location, null), 404, "BLOB_UPLOAD_UNKNOWN");
        assertThatThrownBy(() -> registry.store().openUpload(id)).isInstanceOf(RegistryException.class);
    }

    @Test
    void unknownUploadId_is404BlobUploadUnknownForEveryMethod() {
        String location = "/v2/up/unknown/blobs/uploads/0f6c1a52-3d55-4e0e-9d1b-6a0b5c0f0000";
        assertError(client.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(client.send("PATCH", location, utf8("x")), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(client.send("PUT", location + "?digest=" + Digest.sha256(utf8("x")), utf8("x")), 404,
                "BLOB_UPLOAD_UNKNOWN");
        assertError(client.send("DELETE", location, null), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(client.get("/v2/up/unknown/blobs/uploads/not..an.id"), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void uploadIdOfAnotherRepository_is404AndTheUploadStaysUsable() {
        byte[] content = utf8("belongs to up/owner");
        String location = startUpload("up/owner");
        String foreign = location.replace("/v2/up/owner/", "/v2/up/intruder/");
        assertError(client.get(foreign), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(client.send("PATCH", foreign, content), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(client.send("PUT", foreign + "?digest=" + Digest.sha256(content), content), 404,
                "BLOB_UPLOAD_UNKNOWN");
        assertError(client.send("DELETE", foreign, null), 404, "BLOB_UPLOAD_UNKNOWN");
        assertThat(uploadSize(location)).isZero();
        assertThat(client.send("PUT", location + "?digest=" + Digest.sha256(content), content).statusCode())
                .isEqualTo(201);
        assertError(client.get("/v2/up/intruder/blobs/" + Digest.sha256(content)), 404, "BLOB_UNKNOWN");
    }

    // --- failures that must leave nothing ------------------------------------------------------------------------

    @Test
    void monolithicPost_withWrongDigest_is400AndStoresNothing() {
        byte[] content = utf8("content that does not match");
        Digest claimed = Digest.sha256(utf8("something else"));
        var r = client.send("POST", "/v2/up/mismatch/blobs/uploads/?digest=" + claimed, content);
        assertError(r, 400, "DIGEST_INVALID");
        assertNowhere("up/mismatch", Digest.sha256(content));
        assertNowhere("up/mismatch", claimed);
    }

    @Test
    void put_withWrongDigest_is400AndStoresNothingAndEndsTheUpload() {
        byte[] content = utf8("uploaded in a session, wrong digest");
        Digest claimed = Digest.sha256(utf8("not it"));
        String location = startUpload("up/mismatch");
        patch(location, content, 0, content.length);
        assertError(client.send("PUT", location + "?digest=" + claimed, null), 400, "DIGEST_INVALID");
        assertNowhere("up/mismatch", Digest.sha256(content));
        assertNowhere("up/mismatch", claimed);
        assertError(client.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void put_withDigestOfOnlyTheLastChunk_is400() {
        byte[] content = utf8("first half|second half");
        String location = startUpload("up/mismatch");
        patch(location, content, 0, 11);
        byte[] last = Arrays.copyOfRange(content, 11, content.length);
        assertError(client.send("PUT", location + "?digest=" + Digest.sha256(last), last), 400, "DIGEST_INVALID");
        assertNowhere("up/mismatch", Digest.sha256(last));
        assertNowhere("up/mismatch", Digest.sha256(content));
    }

    @Test
    void monolithicPost_bodyShorterThanDeclaredLength_failsAndStoresNothing() {
        byte[] sent = utf8("only part of it");
        Digest d = Digest.sha256(sent);
        long uploadsBefore = openUploads();
        String answer = RawHttp.truncated(registry.port(), "POST /v2/up/short/blobs/uploads/?digest=" + d
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n", sent);
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(400);
        assertThat(RawHttp.body(answer)).containsAnyOf("\"BLOB_UPLOAD_INVALID\"", "\"SIZE_INVALID\"");
        assertNowhere("up/short", d);
        assertThat(openUploads()).isEqualTo(uploadsBefore);
    }

    @Test
    void patch_clientGoneMidChunk_keepsWhatArrivedAndTheUploadResumes() {
        byte[] content = new byte[100];
        new Random(3).nextBytes(content);
        String location = startUpload("up/resume");
        String answer = RawHttp.truncated(registry.port(), "PATCH " + location + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Range: 0-99\r\nContent-Length: 100\r\n",
                Arrays.copyOfRange(content, 0, 40));
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(400);
        assertThat(RawHttp.body(answer)).contains("\"BLOB_UPLOAD_INVALID\"");
        var status = client.get(location);
        assertThat(header(status, "Range")).isEqualTo("0-39");
        assertThat(patch(location, content, 40, 100).statusCode()).isEqualTo(202);
        assertThat(client.send("PUT", location + "?digest=" + Digest.sha256(content), null).statusCode())
                .isEqualTo(201);
        assertThat(client.get("/v2/up/resume/blobs/" + Digest.sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void patch_chunkedBodyShorterThanContentRange_isSizeInvalid() {
        String location = startUpload("up/short");
        String answer = RawHttp.chunked(registry.port(), "PATCH " + location + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Range: 0-99\r\nConnection: close\r\n", utf8("ten bytes!"), 4);
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(400);
        assertThat(RawHttp.body(answer)).contains("\"SIZE_INVALID\"");
    }

    // --- sha512 ---------------------------------------------------------------------------------------------------

    @Test
    void sha512_viaDigestAlgorithmParameter_chunkedUploadCommits() {
        byte[] content = utf8("sha512 chunked upload");
        Digest d = Digest.compute(DigestAlgorithm.SHA512, content);
        var start = client.send("POST", "/v2/up/sha512/blobs/uploads/?digest-algorithm=sha512", null);
        assertThat(start.statusCode()).isEqualTo(202);
        String location = header(start, "Location");
        patch(location, content, 0, 6);
        patch(location, content, 6, content.length);
        var put = client.send("PUT", location + "?digest=" + d, null);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(header(put, "Docker-Content-Digest")).isEqualTo(d.toString());
        assertThat(header(put, "Location")).isEqualTo("/v2/up/sha512/blobs/" + d);
        var pulled = client.get("/v2/up/sha512/blobs/" + d);
        assertThat(pulled.body()).isEqualTo(content);
        assertThat(header(pulled, "Docker-Content-Digest")).isEqualTo(d.toString());
    }

    @Test
    void sha512_monolithicPost_answers201() {
        byte[] content = utf8("sha512 monolithic");
        Digest d = Digest.compute(DigestAlgorithm.SHA512, content);
        var r = client.send("POST", "/v2/up/sha512/blobs/uploads/?digest=" + d, content);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
        assertThat(header(client.head("/v2/up/sha512/blobs/" + d), "Content-Length"))
                .isEqualTo(String.valueOf(content.length));
    }

    @Test
    void sha512_wrongDigest_is400() {
        byte[] content = utf8("sha512 mismatch");
        Digest claimed = Digest.compute(DigestAlgorithm.SHA512, utf8("other"));
        assertError(client.send("POST", "/v2/up/sha512/blobs/uploads/?digest=" + claimed, content), 400,
                "DIGEST_INVALID");
        assertNowhere("up/sha512", Digest.compute(DigestAlgorithm.SHA512, content));
    }

    @Test
    void post_withUnsupportedDigestAlgorithm_is400DigestInvalid() {
        assertError(client.send("POST", "/v2/up/alg/blobs/uploads/?digest-algorithm=md5", null), 400,
                "DIGEST_INVALID");
    }

    // --- cross-repository mount -----------------------------------------------------------------------------------

    @Test
    void mount_fromRepositoryHoldingTheBlob_answers201() {
        byte[] content = utf8("mounted blob");
        Digest d = client.pushBlob("up/mount-src", content);
        var r = client.send("POST", "/v2/up/mount-dst/blobs/uploads/?mount=" + d + "&from=up/mount-src", null);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(header(r, "Location")).isEqualTo("/v2/up/mount-dst/blobs/" + d);
        assertThat(header(r, "Docker-Content-Digest")).isEqualTo(d.toString());
        assertThat(client.get("/v2/up/mount-dst/blobs/" + d).body()).isEqualTo(content);
    }

    @Test
    void mount_ofUnknownBlob_answers202WithAFreshUpload() {
        byte[] content = utf8("never pushed before the mount");
        Digest d = Digest.sha256(content);
        client.pushBlob("up/mount-src", utf8("something else in the source"));
        var r = client.send("POST", "/v2/up/mount-dst/blobs/uploads/?mount=" + d + "&from=up/mount-src", null);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(header(r, "Range")).isEqualTo("0-0");
        String location = header(r, "Location");
        assertThat(location).startsWith("/v2/up/mount-dst/blobs/uploads/");
        assertThat(client.send("PUT", location + "?digest=" + d, content).statusCode()).isEqualTo(201);
    }

    @Test
    void mount_fromUnknownRepository_answers202() {
        Digest d = client.pushBlob("up/mount-elsewhere", utf8("exists, but not in from"));
        var r = client.send("POST", "/v2/up/mount-dst2/blobs/uploads/?mount=" + d + "&from=up/no-such-repo", null);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(header(r, "Location")).startsWith("/v2/up/mount-dst2/blobs/uploads/");
        assertError(client.get("/v2/up/mount-dst2/blobs/" + d), 404, "BLOB_UNKNOWN");
    }

    @Test
    void mount_withoutFromOrWithInvalidFrom_answers202() {
        Digest d = client.pushBlob("up/mount-src", utf8("mount without from"));
        assertThat(client.send("POST", "/v2/up/mount-dst3/blobs/uploads/?mount=" + d, null).statusCode())
                .isEqualTo(202);
        assertThat(client.send("POST", "/v2/up/mount-dst3/blobs/uploads/?mount=" + d + "&from=Bad..Name", null)
                .statusCode()).isEqualTo(202);
        assertError(client.get("/v2/up/mount-dst3/blobs/" + d), 404, "BLOB_UNKNOWN");
    }

    @Test
    void mount_withBadDigest_is400DigestInvalid() {
        assertError(client.send("POST", "/v2/up/mount-dst/blobs/uploads/?mount=sha256:nothex&from=up/mount-src",
                null), 400, "DIGEST_INVALID");
    }

    // --- restart --------------------------------------------------------------------------------------------------

    @Test
    void upload_continuedAfterRegistryRestart_commitsTheWholeBlob(@TempDir Path restartDir) {
        byte[] content = new byte[600_000];
        new Random(11).nextBytes(content);
        Digest d = Digest.sha256(content);
        String location;
        try (TestRegistry first = TestRegistry.start(restartDir)) {
            OciClient c = new OciClient(first);
            var start = c.send("POST", "/v2/up/restart/blobs/uploads/", null);
            location = header(start, "Location");
            var r = c.send("PATCH", location, Arrays.copyOfRange(content, 0, 250_000), "Content-Range", "0-249999");
            assertThat(r.statusCode()).isEqualTo(202);
        }
        try (TestRegistry second = TestRegistry.start(restartDir)) {
            OciClient c = new OciClient(second);
            var status = c.get(location);
            assertThat(status.statusCode()).isEqualTo(204);
            assertThat(header(status, "Range")).isEqualTo("0-249999");
            var r = c.send("PATCH", location, Arrays.copyOfRange(content, 250_000, content.length),
                    "Content-Range", "250000-" + (content.length - 1));
            assertThat(r.statusCode()).isEqualTo(202);
            var put = c.send("PUT", location + "?digest=" + d, null);
            assertThat(put.statusCode()).isEqualTo(201);
            assertThat(c.get("/v2/up/restart/blobs/" + d).body()).isEqualTo(content);
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static String startUpload(String repository) {
        var r = client.send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        assertThat(r.statusCode()).isEqualTo(202);
        return header(r, "Location");
    }

    /** PATCHes {@code content[from, to)} with its Content-Range. */
    private static HttpResponse<byte[]> patch(String location, byte[] content, int from, int to) {
        return client.send("PATCH", location, Arrays.copyOfRange(content, from, to), "Content-Type", OCTETS,
                "Content-Range", from + "-" + (to - 1));
    }

    private static long uploadSize(String location) {
        String range = header(client.get(location), "Range");
        String id = location.substring(location.lastIndexOf('/') + 1);
        long stored = registry.store().openUpload(id).size();
        assertThat(range).isEqualTo("0-" + Math.max(0, stored - 1));
        return stored;
    }

    /** How many uploads the blob store holds bytes for. */
    private static long openUploads() {
        Path uploads = registry.dataDir().resolve("blobs-root").resolve("uploads");
        if (!Files.exists(uploads)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(uploads)) {
            return entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blob is neither in the blob store nor linked to the repository. */
    private static void assertNowhere(String repository, Digest digest) {
        assertThat(registry.store().size(digest)).as("stored %s", digest).isEmpty();
        Optional<Long> known = registry.metadata().read(tx -> tx.blobSize(digest));
        assertThat(known).as("metadata of %s", digest).isEmpty();
        assertError(client.get("/v2/" + repository + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    }
}
