package dev.berth.storage.s3;

import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3KeysTest {
    private final S3Keys keys = new S3Keys("berth");
    private final Digest digest = Digest.sha256("layer".getBytes());

    @Test
    void blob_andBack_sameDigest() {
        String key = keys.blob(digest);

        assertThat(key).isEqualTo("berth/blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        assertThat(keys.digestOf(key)).contains(digest);
        assertThat(new S3Keys("").blob(digest)).startsWith("blobs/sha256/");
    }

    @Test
    void digestOf_foreignKeys_empty() {
        String hex = digest.hex();
        List<String> foreign = List.of("berth/blobs/sha256/zz/" + hex, "berth/blobs/md5/ab/abc",
                "berth/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/x", "other/blobs/sha256/aa/" + hex,
                "berth/blobs/sha512/" + hex.substring(0, 2) + "/" + hex, "berth/blobs/stray");

        assertThat(foreign).allSatisfy(key -> assertThat(keys.digestOf(key)).isEmpty());
    }

    @Test
    void chunk_offsetIsZeroPaddedAndParsedBack() {
        String key = keys.chunk("u-1", 5_242_880);

        assertThat(key).isEqualTo("berth/uploads/u-1/chunks/00000000000005242880");
        assertThat(keys.chunkOffset("u-1", key)).isEqualTo(OptionalLong.of(5_242_880));
        assertThat(keys.chunkOffset("u-2", key)).isEmpty();
        assertThat(keys.chunkOffset("u-1", "berth/uploads/u-1/chunks/12")).isEmpty();
        assertThat(keys.uploadIdOf(key)).contains("u-1");
        assertThat(keys.isMarker("u-1", keys.marker("u-1"))).isTrue();
    }

    @Test
    void upload_idOutsideGrammar_unknownUpload() {
        for (String id : List.of("../x", "", "a/b", "a.b", "x".repeat(129), "é")) {
            assertThatThrownBy(() -> keys.marker(id)).isInstanceOfSatisfying(RegistryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOB_UPLOAD_UNKNOWN));
        }
        assertThat(keys.marker("y".repeat(128))).endsWith("/started");
    }
}
