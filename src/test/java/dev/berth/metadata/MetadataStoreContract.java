package dev.berth.metadata;

import dev.berth.domain.Digest;
import dev.berth.domain.DigestAlgorithm;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.MediaTypes;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link MetadataStore} must do, run unchanged against each backend: a backend's test extends this
 * class and only says how to open an empty store.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class MetadataStoreContract {
    private static final int THREADS = 16;
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");

    /** A new, empty store; the contract closes it after each test. */
    protected abstract MetadataStore newStore();

    protected MetadataStore store;

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // Repositories.

    @Test
    void repositories_emptyStore_listsNothing() {
        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 100))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.repositoryExists(repo("nothing")))).isFalse();
    }

    @Test
    void repositories_withManifestOrLinkedBlob_listedInByteOrder() {
        List<String> names = List.of("a_b", "a/b", "a.b", "a-b", "a", "b/x");
        store.write(tx -> {
            tx.putBlob(digest("layer"), 10);
            for (int i = 0; i < names.size(); i++) {
                if (i % 2 == 0) {
                    tx.linkBlob(repo(names.get(i)), digest("layer"));
                } else {
                    tx.putManifest(repo(names.get(i)), image("m" + i));
                }
            }
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 100)))
                .extracting(RepositoryName::value)
                .containsExactly("a", "a-b", "a.b", "a/b", "a_b", "b/x");
        assertThat(store.read((MetadataTx tx) -> tx.repositoryExists(repo("a.b")))).isTrue();
    }

    @Test
    void repositories_onlyUploadOrEverythingRemoved_notListed() {
        ManifestRecord manifest = image("m");
        store.write(tx -> {
            tx.putUpload(new UploadSession("u1", repo("uploading"), DigestAlgorithm.SHA256, T0));
            tx.putBlob(digest("layer"), 10);
            tx.linkBlob(repo("unlinked"), digest("layer"));
            tx.putManifest(repo("deleted"), manifest);
            tx.putTag(repo("deleted"), new Tag("latest"), manifest.digest());
            tx.linkBlob(repo("kept"), digest("layer"));
            return null;
        });
        store.write(tx -> {
            tx.unlinkBlob(repo("unlinked"), digest("layer"));
            tx.deleteManifest(repo("deleted"), manifest.digest());
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 100))).containsExactly(repo("kept"));
        assertThat(store.read((MetadataTx tx) -> List.of(tx.repositoryExists(repo("uploading")),
                tx.repositoryExists(repo("unlinked")), tx.repositoryExists(repo("deleted")))))
                .containsOnly(false);
    }

    @Test
    void repositories_pagedByKeyset_returnEveryNameOnceInOrder() {
        store.write(tx -> {
            for (String name : List.of("e", "c", "a", "d", "b")) {
                tx.putManifest(repo(name), image(name));
            }
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 2))).containsExactly(repo("a"), repo("b"));
        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.of(repo("b")), 2))).containsExactly(repo("c"), repo("d"));
        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.of(repo("d")), 2))).containsExactly(repo("e"));
        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.of(repo("e")), 2))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.of(repo("bb")), 1))).containsExactly(repo("c"));
        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 0))).isEmpty();
    }

    // Blobs.

    @Test
    void putBlob_sameDigestTwice_isIdempotent() {
        store.write(tx -> {
            tx.putBlob(digest("b"), 42);
            tx.putBlob(digest("b"), 42);
            return null;
        });
        store.write(tx -> {
            tx.putBlob(digest("b"), 42);
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.blobSize(digest("b")))).contains(42L);
    }

    @Test
    void blobSize_unknownDigest_isEmpty() {
        assertThat(store.read((MetadataTx tx) -> tx.blobSize(digest("unknown")))).isEmpty();
    }

    @Test
    void putBlob_sizeBeyondIntRange_keepsExactSize() {
        long size = 5L * 1024 * 1024 * 1024 + 7;
        Digest sha512 = Digest.compute(DigestAlgorithm.SHA512, bytes("big"));
        store.write(tx -> {
            tx.putBlob(sha512, size);
            tx.linkBlob(repo("big"), sha512);
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.blobSize(sha512))).contains(size);
        assertThat(store.read((MetadataTx tx) -> tx.linkedBlobSize(repo("big"), sha512))).contains(size);
    }

    @Test
    void linkBlob_recordedBlob_readableOnlyFromLinkedRepository() {
        store.write(tx -> {
            tx.putBlob(digest("b"), 7);
            tx.linkBlob(repo("mine"), digest("b"));
            tx.linkBlob(repo("mine"), digest("b"));
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.linkedBlobSize(repo("mine"), digest("b")))).contains(7L);
        assertThat(store.read((MetadataTx tx) -> tx.linkedBlobSize(repo("other"), digest("b")))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.linkedBlobSize(repo("mine"), digest("c")))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.repositoryExists(repo("mine")))).isTrue();
    }

    @Test
    void linkBlob_unrecordedBlob_throwsBlobUnknownAndCreatesNothing() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.linkBlob(repo("r"), digest("missing"));
            return null;
        })).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOB_UNKNOWN));

        assertThat(store.read((MetadataTx tx) -> tx.repositoryExists(repo("r")))).isFalse();
    }

    @Test
    void unlinkBlob_linkedThenAgain_trueThenFalseAndBlobKept() {
        store.write(tx -> {
            tx.putBlob(digest("b"), 7);
            tx.linkBlob(repo("r"), digest("b"));
            return null;
        });

        assertThat(store.write((MetadataTx tx) -> tx.unlinkBlob(repo("r"), digest("b")))).isTrue();
        assertThat(store.write((MetadataTx tx) -> tx.unlinkBlob(repo("r"), digest("b")))).isFalse();
        assertThat(store.write((MetadataTx tx) -> tx.unlinkBlob(repo("never"), digest("b")))).isFalse();
        assertThat(store.read((MetadataTx tx) -> tx.linkedBlobSize(repo("r"), digest("b")))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.blobSize(digest("b")))).contains(7L);
    }

    // Manifests.

    @Test
    void putManifest_thenRead_returnsEqualRecord() {
        ManifestRecord manifest = new ManifestRecord(digest("full"), MediaTypes.OCI_MANIFEST,
                bytes("{\"schemaVersion\":2,\"x\":\"full\"}"), Optional.of("application/vnd.example.sbom"),
                Optional.of(digest("subject")), Map.of("org.opencontainers.image.created", "2026-03-04",
                "a", "ü, \"quoted\" and {braces}"),
                List.of(new ManifestReference(digest("config"), ManifestReference.Kind.BLOB),
                        new ManifestReference(digest("layer"), ManifestReference.Kind.BLOB),
                        new ManifestReference(digest("layer"), ManifestReference.Kind.BLOB),
                        new ManifestReference(digest("child"), ManifestReference.Kind.MANIFEST)),
                T0);
        store.write(tx -> {
            tx.putManifest(repo("r"), manifest);
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("r"), manifest.digest()))).contains(manifest);
        assertThat(store.read((MetadataTx tx) -> tx.manifestExists(repo("r"), manifest.digest()))).isTrue();
        assertThat(store.read((MetadataTx tx) -> tx.repositoryExists(repo("r")))).isTrue();
    }

    @Test
    void putManifest_minimalRecord_roundTripsEmptyOptionals() {
        ManifestRecord manifest = new ManifestRecord(digest("bare"), MediaTypes.DOCKER_MANIFEST, bytes("{}"),
                Optional.empty(), Optional.empty(), Map.of(), List.of(), T0.plusNanos(1));
        store.write(tx -> {
            tx.putManifest(repo("r"), manifest);
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("r"), manifest.digest()))).contains(manifest);
    }

    @Test
    void putManifest_sameDigestAgain_keepsFirstRecord() {
        ManifestRecord first = image("same");
        ManifestRecord second = new ManifestRecord(first.digest(), MediaTypes.DOCKER_MANIFEST, bytes("other"),
                Optional.of("other/type"), Optional.of(digest("s")), Map.of("k", "v"),
                List.of(new ManifestReference(digest("x"), ManifestReference.Kind.MANIFEST)), T0.plusSeconds(60));
        store.write(tx -> {
            tx.putManifest(repo("r"), first);
            tx.putManifest(repo("r"), first);
            return null;
        });
        store.write(tx -> {
            tx.putManifest(repo("r"), second);
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("r"), first.digest()))).contains(first);
        assertThat(store.read((MetadataTx tx) -> tx.referrers(repo("r"), digest("s"), Optional.empty(), Optional.empty(), 10)))
                .isEmpty();
    }

    @Test
    void putManifest_sameDigestInTwoRepositories_keptApart() {
        ManifestRecord manifest = image("shared");
        store.write(tx -> {
            tx.putManifest(repo("one"), manifest);
            tx.putManifest(repo("two"), manifest);
            return null;
        });

        assertThat(store.write((MetadataTx tx) -> tx.deleteManifest(repo("one"), manifest.digest()))).isTrue();

        assertThat(store.read((MetadataTx tx) -> tx.manifestExists(repo("one"), manifest.digest()))).isFalse();
        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("two"), manifest.digest()))).contains(manifest);
    }

    @Test
    void manifest_unknownRepositoryOrDigest_isEmpty() {
        store.write(tx -> {
            tx.putManifest(repo("r"), image("m"));
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("other"), image("m").digest()))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("r"), digest("nope")))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.manifestExists(repo("other"), image("m").digest()))).isFalse();
    }

    @Test
    void deleteManifest_taggedReferrer_removesTagsReferencesAndEdgeTogether() {
        Digest subject = digest("subject");
        ManifestRecord doomed = referrer("doomed", subject, "application/vnd.example.sig");
        ManifestRecord survivor = image("survivor");
        store.write(tx -> {
            tx.putManifest(repo("r"), doomed);
            tx.putManifest(repo("r"), survivor);
            tx.putTag(repo("r"), new Tag("t1"), doomed.digest());
            tx.putTag(repo("r"), new Tag("t2"), doomed.digest());
            tx.putTag(repo("r"), new Tag("keep"), survivor.digest());
            return null;
        });

        assertThat(store.write((MetadataTx tx) -> tx.deleteManifest(repo("r"), doomed.digest()))).isTrue();

        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("r"), doomed.digest()))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.tag(repo("r"), new Tag("t1")))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.tagsOf(repo("r"), doomed.digest()))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("r"), Optional.empty(), 10))).containsExactly(new Tag("keep"));
        assertThat(store.read((MetadataTx tx) -> tx.referrers(repo("r"), subject, Optional.empty(), Optional.empty(), 10)))
                .isEmpty();
        assertThat(store.write((MetadataTx tx) -> tx.deleteManifest(repo("r"), doomed.digest()))).isFalse();

        // Its references went too: the same digest can now be stored afresh with other references.
        ManifestRecord again = new ManifestRecord(doomed.digest(), doomed.mediaType(), doomed.content(),
                Optional.empty(), Optional.empty(), Map.of(),
                List.of(new ManifestReference(digest("new-layer"), ManifestReference.Kind.BLOB)), T0.plusSeconds(1));
        store.write(tx -> {
            tx.putManifest(repo("r"), again);
            return null;
        });
        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("r"), doomed.digest()))).contains(again);
    }

    @Test
    void deleteManifest_unknown_returnsFalse() {
        assertThat(store.write((MetadataTx tx) -> tx.deleteManifest(repo("r"), digest("nope")))).isFalse();
    }

    // Tags.

    @Test
    void putTag_newThenMoved_returnsPreviousDigest() {
        ManifestRecord v1 = image("v1");
        ManifestRecord v2 = image("v2");
        store.write(tx -> {
            tx.putManifest(repo("r"), v1);
            tx.putManifest(repo("r"), v2);
            return null;
        });

        assertThat(store.write((MetadataTx tx) -> tx.putTag(repo("r"), new Tag("latest"), v1.digest()))).isEmpty();
        assertThat(store.write((MetadataTx tx) -> tx.putTag(repo("r"), new Tag("latest"), v2.digest()))).contains(v1.digest());
        assertThat(store.write((MetadataTx tx) -> tx.putTag(repo("r"), new Tag("latest"), v2.digest()))).contains(v2.digest());
        assertThat(store.read((MetadataTx tx) -> tx.tag(repo("r"), new Tag("latest")))).contains(v2.digest());
        assertThat(store.read((MetadataTx tx) -> tx.tagsOf(repo("r"), v1.digest()))).isEmpty();
    }

    @Test
    void putTag_manifestOfAnotherRepository_throwsManifestUnknown() {
        ManifestRecord elsewhere = image("elsewhere");
        store.write(tx -> {
            tx.putManifest(repo("other"), elsewhere);
            tx.putManifest(repo("r"), image("mine"));
            return null;
        });

        for (String repository : List.of("r", "never-created")) {
            assertThatThrownBy(() -> store.write(tx -> tx.putTag(repo(repository), new Tag("t"), elsewhere.digest())))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNKNOWN));
        }
        assertThat(store.read((MetadataTx tx) -> tx.tag(repo("r"), new Tag("t")))).isEmpty();
    }

    @Test
    void deleteTag_existingThenAgain_trueThenFalseAndManifestKept() {
        ManifestRecord m = image("m");
        store.write(tx -> {
            tx.putManifest(repo("r"), m);
            tx.putTag(repo("r"), new Tag("t"), m.digest());
            return null;
        });

        assertThat(store.write((MetadataTx tx) -> tx.deleteTag(repo("r"), new Tag("t")))).isTrue();
        assertThat(store.write((MetadataTx tx) -> tx.deleteTag(repo("r"), new Tag("t")))).isFalse();
        assertThat(store.write((MetadataTx tx) -> tx.deleteTag(repo("unknown"), new Tag("t")))).isFalse();
        assertThat(store.read((MetadataTx tx) -> tx.tag(repo("r"), new Tag("t")))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.manifestExists(repo("r"), m.digest()))).isTrue();
    }

    @Test
    void tags_mixedCaseAndPunctuation_listedInByteOrder() {
        List<String> names = List.of("latest", "Latest", "_x", "1.0", "1.0-rc", "1-0", "v2", "V2", "a.b", "a-b",
                "a_b", "Z", "z", "0");
        ManifestRecord m = image("m");
        store.write(tx -> {
            tx.putManifest(repo("r"), m);
            names.forEach(name -> tx.putTag(repo("r"), new Tag(name), m.digest()));
            return null;
        });
        List<String> byteOrder = new ArrayList<>(names);
        Collections.sort(byteOrder);

        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("r"), Optional.empty(), 100)))
                .extracting(Tag::value).containsExactlyElementsOf(byteOrder);
        assertThat(store.read((MetadataTx tx) -> tx.tagsOf(repo("r"), m.digest())))
                .extracting(Tag::value).containsExactlyElementsOf(byteOrder);
    }

    @Test
    void tags_pagedByKeyset_returnEveryTagOnce() {
        ManifestRecord m = image("m");
        store.write(tx -> {
            tx.putManifest(repo("r"), m);
            for (String name : List.of("e", "c", "a", "d", "b")) {
                tx.putTag(repo("r"), new Tag(name), m.digest());
            }
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("r"), Optional.empty(), 2))).containsExactly(new Tag("a"), new Tag("b"));
        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("r"), Optional.of(new Tag("b")), 2)))
                .containsExactly(new Tag("c"), new Tag("d"));
        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("r"), Optional.of(new Tag("d")), 2))).containsExactly(new Tag("e"));
        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("r"), Optional.of(new Tag("e")), 2))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("r"), Optional.of(new Tag("A")), 1))).containsExactly(new Tag("a"));
        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("r"), Optional.empty(), 0))).isEmpty();
    }

    @Test
    void tags_unknownRepository_isEmpty() {
        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("nope"), Optional.empty(), 10))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.tag(repo("nope"), new Tag("latest")))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.tagsOf(repo("nope"), digest("m")))).isEmpty();
    }

    @Test
    void tagsOf_manifestWithSomeTags_listsOnlyItsTagsInOrder() {
        ManifestRecord a = image("a");
        ManifestRecord b = image("b");
        store.write(tx -> {
            tx.putManifest(repo("r"), a);
            tx.putManifest(repo("r"), b);
            tx.putTag(repo("r"), new Tag("z"), a.digest());
            tx.putTag(repo("r"), new Tag("m"), b.digest());
            tx.putTag(repo("r"), new Tag("b"), a.digest());
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.tagsOf(repo("r"), a.digest()))).containsExactly(new Tag("b"), new Tag("z"));
        assertThat(store.read((MetadataTx tx) -> tx.tagsOf(repo("r"), b.digest()))).containsExactly(new Tag("m"));
    }

    // Referrers.

    @Test
    void referrers_ofSubject_describedAndOrderedByDigest() {
        Digest subject = digest("subject");
        List<ManifestRecord> referrers = IntStream.range(0, 5)
                .mapToObj(i -> referrer("ref" + i, subject, i % 2 == 0 ? "type/even" : "type/odd")).toList();
        ManifestRecord untyped = new ManifestRecord(digest("untyped"), MediaTypes.OCI_INDEX, bytes("index"),
                Optional.empty(), Optional.of(subject), Map.of(), List.of(), T0);
        store.write(tx -> {
            referrers.forEach(m -> tx.putManifest(repo("r"), m));
            tx.putManifest(repo("r"), untyped);
            tx.putManifest(repo("r"), referrer("other-subject", digest("other"), "type/even"));
            tx.putManifest(repo("elsewhere"), referrer("elsewhere", subject, "type/even"));
            tx.putManifest(repo("r"), image("plain"));
            return null;
        });
        List<Referrer> expected = new ArrayList<>();
        referrers.forEach(m -> expected.add(new Referrer(m.digest(), m.mediaType(), m.size(), m.artifactType(),
                m.annotations())));
        expected.add(new Referrer(untyped.digest(), MediaTypes.OCI_INDEX, untyped.size(), Optional.empty(), Map.of()));
        expected.sort((x, y) -> x.digest().compareTo(y.digest()));

        assertThat(store.read((MetadataTx tx) -> tx.referrers(repo("r"), subject, Optional.empty(), Optional.empty(), 100)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void referrers_filteredByArtifactType_returnsOnlyThatType() {
        Digest subject = digest("subject");
        List<ManifestRecord> referrers = IntStream.range(0, 6)
                .mapToObj(i -> referrer("ref" + i, subject, i % 3 == 0 ? "type/a" : "type/b")).toList();
        store.write(tx -> {
            referrers.forEach(m -> tx.putManifest(repo("r"), m));
            return null;
        });
        List<Digest> typeA = referrers.stream().filter(m -> m.artifactType().equals(Optional.of("type/a")))
                .map(ManifestRecord::digest).sorted().toList();

        assertThat(store.read((MetadataTx tx) -> tx.referrers(repo("r"), subject, Optional.of("type/a"), Optional.empty(), 100)))
                .extracting(Referrer::digest).containsExactlyElementsOf(typeA);
        assertThat(store.read((MetadataTx tx) -> tx.referrers(repo("r"), subject, Optional.of("type/none"), Optional.empty(), 100)))
                .isEmpty();
    }

    @Test
    void referrers_pagedByKeyset_returnEveryReferrerOnce() {
        Digest subject = digest("subject");
        List<ManifestRecord> referrers = IntStream.range(0, 7)
                .mapToObj(i -> referrer("ref" + i, subject, i < 4 ? "type/a" : "type/b")).toList();
        store.write(tx -> {
            referrers.forEach(m -> tx.putManifest(repo("r"), m));
            return null;
        });

        assertThat(pageAll(after -> store.read(tx ->
                tx.referrers(repo("r"), subject, Optional.empty(), after, 3))))
                .containsExactlyElementsOf(referrers.stream().map(ManifestRecord::digest).sorted().toList());
        assertThat(pageAll(after -> store.read(tx ->
                tx.referrers(repo("r"), subject, Optional.of("type/a"), after, 2))))
                .containsExactlyElementsOf(referrers.subList(0, 4).stream().map(ManifestRecord::digest).sorted().toList());
    }

    @Test
    void referrers_unknownSubjectOrRepository_isEmpty() {
        store.write(tx -> {
            tx.putManifest(repo("r"), referrer("ref", digest("subject"), "t/t"));
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.referrers(repo("r"), digest("nothing"), Optional.empty(), Optional.empty(), 10)))
                .isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.referrers(repo("x"), digest("subject"), Optional.empty(), Optional.empty(), 10)))
                .isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.referrers(repo("r"), digest("subject"), Optional.empty(), Optional.empty(), 0)))
                .isEmpty();
    }

    // Upload sessions.

    @Test
    void uploads_putReadDelete_roundTrip() {
        UploadSession session = new UploadSession("3f2a-upload", repo("r/sub"), DigestAlgorithm.SHA512, T0);
        store.write(tx -> {
            tx.putUpload(session);
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.upload("3f2a-upload"))).contains(session);
        assertThat(store.read((MetadataTx tx) -> tx.upload("other"))).isEmpty();
        assertThat(store.write((MetadataTx tx) -> tx.deleteUpload("3f2a-upload"))).isTrue();
        assertThat(store.write((MetadataTx tx) -> tx.deleteUpload("3f2a-upload"))).isFalse();
        assertThat(store.read((MetadataTx tx) -> tx.upload("3f2a-upload"))).isEmpty();
    }

    @Test
    void putUpload_sameIdAgain_replacesSession() {
        UploadSession first = new UploadSession("u", repo("a"), DigestAlgorithm.SHA256, T0);
        UploadSession second = new UploadSession("u", repo("b"), DigestAlgorithm.SHA512, T0.plusSeconds(5));
        store.write(tx -> {
            tx.putUpload(first);
            return null;
        });
        store.write(tx -> {
            tx.putUpload(second);
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.upload("u"))).contains(second);
    }

    @Test
    void uploadsStartedBefore_cutoff_returnsOlderOnesOldestFirstUpToLimit() {
        List<UploadSession> sessions = IntStream.range(0, 6)
                .mapToObj(i -> new UploadSession("u" + (5 - i), repo("r"), DigestAlgorithm.SHA256, T0.plusSeconds(i)))
                .toList();
        store.write(tx -> {
            sessions.reversed().forEach(tx::putUpload);
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.uploadsStartedBefore(T0.plusSeconds(3), 10)))
                .containsExactlyElementsOf(sessions.subList(0, 3));
        assertThat(store.read((MetadataTx tx) -> tx.uploadsStartedBefore(T0.plusSeconds(3), 2)))
                .containsExactlyElementsOf(sessions.subList(0, 2));
        assertThat(store.read((MetadataTx tx) -> tx.uploadsStartedBefore(T0, 10))).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.uploadsStartedBefore(T0.plusSeconds(3), 0))).isEmpty();
    }

    // Whole-registry listings.

    @Test
    void blobs_pagedByKeyset_everyRecordedBlobOnceInDigestOrderWithSize() {
        List<BlobRecord> recorded = IntStream.range(0, 7)
                .mapToObj(i -> new BlobRecord(digest("blob" + i), 100L + i))
                .sorted(java.util.Comparator.comparing(b -> b.digest().toString()))
                .toList();
        store.write(tx -> {
            recorded.reversed().forEach(b -> tx.putBlob(b.digest(), b.size()));
            return null;
        });

        List<BlobRecord> listed = new ArrayList<>();
        Optional<Digest> after = Optional.empty();
        for (List<BlobRecord> page; !(page = pageOfBlobs(after)).isEmpty(); after = Optional.of(page.getLast().digest())) {
            listed.addAll(page);
        }

        assertThat(listed).containsExactlyElementsOf(recorded);
        assertThat(store.read((MetadataTx tx) -> tx.blobs(Optional.empty(), 0))).isEmpty();
    }

    private List<BlobRecord> pageOfBlobs(Optional<Digest> after) {
        return store.read((MetadataTx tx) -> tx.blobs(after, 3));
    }

    @Test
    void linkedBlobs_ofRepository_onlyItsLinksInOrderAndPaged() {
        List<Digest> linked = IntStream.range(0, 5).mapToObj(i -> digest("linked" + i))
                .sorted(java.util.Comparator.comparing(Digest::toString)).toList();
        store.write(tx -> {
            for (Digest d : linked) {
                tx.putBlob(d, 1);
                tx.linkBlob(repo("a"), d);
            }
            tx.putBlob(digest("other"), 1);
            tx.linkBlob(repo("b"), digest("other"));
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.linkedBlobs(repo("a"), Optional.empty(), 10)))
                .containsExactlyElementsOf(linked);
        assertThat(store.read((MetadataTx tx) -> tx.linkedBlobs(repo("a"), Optional.of(linked.get(1)), 2)))
                .containsExactlyElementsOf(linked.subList(2, 4));
        assertThat(store.read((MetadataTx tx) -> tx.linkedBlobs(repo("unknown"), Optional.empty(), 10))).isEmpty();
    }

    @Test
    void manifests_ofRepository_onlyItsDigestsInOrderAndPaged() {
        List<ManifestRecord> pushed = IntStream.range(0, 5).mapToObj(i -> image("listed" + i)).toList();
        List<Digest> digests = pushed.stream().map(ManifestRecord::digest)
                .sorted(java.util.Comparator.comparing(Digest::toString)).toList();
        store.write(tx -> {
            pushed.forEach(m -> tx.putManifest(repo("a"), m));
            tx.putManifest(repo("b"), image("elsewhere"));
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.manifests(repo("a"), Optional.empty(), 10)))
                .containsExactlyElementsOf(digests);
        assertThat(store.read((MetadataTx tx) -> tx.manifests(repo("a"), Optional.of(digests.get(0)), 3)))
                .containsExactlyElementsOf(digests.subList(1, 4));
        assertThat(store.read((MetadataTx tx) -> tx.manifests(repo("unknown"), Optional.empty(), 10))).isEmpty();
    }

    // Background jobs.

    @Test
    void claimJobRun_withinIntervalThenAfter_claimedFirstRefusedThenClaimedAgain() {
        assertThat(store.write((MetadataTx tx) -> tx.claimJobRun("purge", T0, T0.minusSeconds(60)))).isTrue();
        assertThat(store.write((MetadataTx tx) -> tx.claimJobRun("purge", T0.plusSeconds(30), T0.minusSeconds(30))))
                .isFalse();
        assertThat(store.write((MetadataTx tx) -> tx.claimJobRun("gc", T0.plusSeconds(30), T0.minusSeconds(30))))
                .isTrue();
        assertThat(store.write((MetadataTx tx) -> tx.claimJobRun("purge", T0.plusSeconds(61), T0.plusSeconds(1))))
                .isTrue();
    }

    @Test
    void claimJobRun_sixteenConcurrentClaimers_exactlyOneWins() throws Exception {
        List<Boolean> claims = runConcurrently(
                i -> () -> store.write((MetadataTx tx) -> tx.claimJobRun("gc", T0.plusSeconds(100), T0.plusSeconds(50))));

        assertThat(claims).containsOnlyOnce(true);
    }

    // Transactions.

    @Test
    void write_workThrows_rollsBackEverythingAndRethrows() {
        ManifestRecord kept = image("kept");
        store.write(tx -> {
            tx.putManifest(repo("r"), kept);
            tx.putTag(repo("r"), new Tag("latest"), kept.digest());
            return null;
        });
        ManifestRecord lost = image("lost");
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> store.write(tx -> {
            tx.putBlob(digest("blob"), 1);
            tx.linkBlob(repo("new"), digest("blob"));
            tx.putManifest(repo("r"), lost);
            tx.putTag(repo("r"), new Tag("latest"), lost.digest());
            tx.putTag(repo("r"), new Tag("other"), lost.digest());
            tx.deleteTag(repo("r"), new Tag("missing"));
            tx.putUpload(new UploadSession("u", repo("r"), DigestAlgorithm.SHA256, T0));
            throw failure;
        })).isSameAs(failure);

        store.read(tx -> {
            assertThat(tx.blobSize(digest("blob"))).isEmpty();
            assertThat(tx.repositoryExists(repo("new"))).isFalse();
            assertThat(tx.manifestExists(repo("r"), lost.digest())).isFalse();
            assertThat(tx.tag(repo("r"), new Tag("latest"))).contains(kept.digest());
            assertThat(tx.tag(repo("r"), new Tag("other"))).isEmpty();
            assertThat(tx.upload("u")).isEmpty();
            assertThat(tx.repositories(Optional.empty(), 10)).containsExactly(repo("r"));
            return null;
        });
    }

    @Test
    void write_afterFailedWrite_storeKeepsWorking() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.putManifest(repo("r"), image("a"));
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "rejected");
        })).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_INVALID));

        store.write(tx -> {
            tx.putManifest(repo("r"), image("b"));
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> List.of(tx.manifestExists(repo("r"), image("a").digest()),
                tx.manifestExists(repo("r"), image("b").digest())))).containsExactly(false, true);
    }

    @Test
    void writeWithoutSync_committedAndVisibleToReadsAndWrites() {
        Optional<Digest> previous = store.writeWithoutSync(tx -> {
            tx.putUpload(new UploadSession("quick", repo("r"), DigestAlgorithm.SHA256, T0));
            tx.putManifest(repo("r"), image("m"));
            return tx.putTag(repo("r"), new Tag("t"), image("m").digest());
        });

        assertThat(previous).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.upload("quick"))).isPresent();
        assertThat(store.read((MetadataTx tx) -> tx.tag(repo("r"), new Tag("t")))).contains(image("m").digest());
        boolean deleted = store.write(tx -> tx.deleteUpload("quick"));
        assertThat(deleted).isTrue();
    }

    @Test
    void writeWithoutSync_workThrows_rollsBackAndRethrows() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> store.writeWithoutSync(tx -> {
            tx.putUpload(new UploadSession("lost", repo("r"), DigestAlgorithm.SHA256, T0));
            throw failure;
        })).isSameAs(failure);

        assertThat(store.read((MetadataTx tx) -> tx.upload("lost"))).isEmpty();
    }

    @Test
    void writeWithoutSync_mixedConcurrentlyWithSyncedWrites_allCommitted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                UploadSession session = new UploadSession("mixed-" + n, repo("r"), DigestAlgorithm.SHA256, T0);
                done.add(pool.submit(() -> n % 2 == 0
                        ? store.writeWithoutSync(tx -> { tx.putUpload(session); return null; })
                        : store.write(tx -> { tx.putUpload(session); return null; })));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int i = 0; i < 64; i++) {
            String id = "mixed-" + i;
            assertThat(store.read((MetadataTx tx) -> tx.upload(id))).as(id).isPresent();
        }
    }

    @Test
    void write_result_isReturnedAndCommitted() {
        Optional<Digest> previous = store.write(tx -> {
            tx.putManifest(repo("r"), image("m"));
            return tx.putTag(repo("r"), new Tag("t"), image("m").digest());
        });

        assertThat(previous).isEmpty();
        assertThat(store.read((MetadataTx tx) -> tx.tag(repo("r"), new Tag("t")))).contains(image("m").digest());
    }

    @Test
    void ping_openStore_succeeds() {
        store.ping();
        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 1))).isEmpty();
    }

    @Test
    void close_twice_laterCallsUnavailable() {
        MetadataStore second = newStore();
        second.close();
        second.close();

        assertThatThrownBy(() -> second.read(tx -> tx.blobSize(digest("x"))))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThatThrownBy(second::ping).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    // Concurrency.

    @Test
    void write_sixteenThreadsPushSameManifestAndMoveSameTag_oneManifestAndTagOnAPushedDigest() throws Exception {
        ManifestRecord shared = image("shared");
        List<ManifestRecord> own = IntStream.range(0, THREADS).mapToObj(i -> image("own" + i)).toList();
        Tag latest = new Tag("latest");

        runConcurrently(i -> () -> {
            for (int round = 0; round < 5; round++) {
                store.write(tx -> {
                    tx.putBlob(digest("layer"), 100);
                    tx.linkBlob(repo("busy"), digest("layer"));
                    tx.putManifest(repo("busy"), shared);
                    tx.putManifest(repo("busy"), own.get(i));
                    tx.putTag(repo("busy"), latest, shared.digest());
                    return tx.putTag(repo("busy"), latest, own.get(i).digest());
                });
            }
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.manifest(repo("busy"), shared.digest()))).contains(shared);
        Digest tagged = store.read(tx -> tx.tag(repo("busy"), latest)).orElseThrow();
        assertThat(own).extracting(ManifestRecord::digest).contains(tagged);
        assertThat(store.read((MetadataTx tx) -> tx.tags(repo("busy"), Optional.empty(), 10))).containsExactly(latest);
        assertThat(store.read((MetadataTx tx) -> tx.tagsOf(repo("busy"), tagged))).containsExactly(latest);
        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 10))).containsExactly(repo("busy"));
    }

    @Test
    void putTag_concurrentMoves_previousDigestsFormOneChain() throws Exception {
        List<ManifestRecord> manifests = IntStream.range(0, THREADS).mapToObj(i -> image("m" + i)).toList();
        store.write(tx -> {
            manifests.forEach(m -> tx.putManifest(repo("r"), m));
            return null;
        });
        Tag tag = new Tag("moving");

        List<Optional<Digest>> previous = runConcurrently(i ->
                () -> store.write(tx -> tx.putTag(repo("r"), tag, manifests.get(i).digest())));

        // Each move saw exactly the one before it: one saw nothing, the final target was seen by none.
        Digest last = store.read(tx -> tx.tag(repo("r"), tag)).orElseThrow();
        assertThat(previous).filteredOn(Optional::isEmpty).hasSize(1);
        List<Digest> seen = previous.stream().flatMap(Optional::stream).toList();
        assertThat(seen).doesNotHaveDuplicates().doesNotContain(last);
        Set<Digest> all = new HashSet<>(seen);
        all.add(last);
        assertThat(all).containsExactlyInAnyOrderElementsOf(manifests.stream().map(ManifestRecord::digest).toList());
    }

    @Test
    void linkBlob_sixteenThreadsIntoSameNewRepositories_eachListedOnce() throws Exception {
        store.write(tx -> {
            tx.putBlob(digest("layer"), 1);
            return null;
        });

        runConcurrently(i -> () -> {
            for (int r = 0; r < 8; r++) {
                int repository = (r + i) % 8;
                store.write(tx -> {
                    tx.linkBlob(repo("new" + repository), digest("layer"));
                    return null;
                });
            }
            return null;
        });

        assertThat(store.read((MetadataTx tx) -> tx.repositories(Optional.empty(), 100))).extracting(RepositoryName::value)
                .containsExactly("new0", "new1", "new2", "new3", "new4", "new5", "new6", "new7");
    }

    @Test
    void write_concurrentWritesSomeFailing_onlyFailedOnesRolledBack() throws Exception {
        List<ManifestRecord> manifests = IntStream.range(0, THREADS).mapToObj(i -> image("m" + i)).toList();

        List<String> outcomes = runConcurrently(i -> () -> {
            try {
                for (int round = 0; round < 5; round++) {
                    int attempt = round;
                    store.write(tx -> {
                        tx.putManifest(repo("r" + i), manifests.get(i));
                        tx.putTag(repo("r" + i), new Tag("round" + attempt), manifests.get(i).digest());
                        if (i % 2 == 1 && attempt == 4) {
                            throw new IllegalStateException("rejected " + i);
                        }
                        return null;
                    });
                }
                return "committed";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });

        for (int i = 0; i < THREADS; i++) {
            int index = i;
            List<Tag> tags = store.read((MetadataTx tx) -> tx.tags(repo("r" + index), Optional.empty(), 10));
            if (i % 2 == 1) {
                assertThat(outcomes.get(i)).isEqualTo("rejected " + i);
                assertThat(tags).extracting(Tag::value).containsExactly("round0", "round1", "round2", "round3");
            } else {
                assertThat(outcomes.get(i)).isEqualTo("committed");
                assertThat(tags).extracting(Tag::value)
                        .containsExactly("round0", "round1", "round2", "round3", "round4");
            }
        }
    }

    @Test
    void read_duringConcurrentWrites_seesEachWriteWholeOrNotAtAll() throws Exception {
        List<ManifestRecord> manifests = IntStream.range(0, 4).mapToObj(i -> image("m" + i)).toList();
        store.write(tx -> {
            manifests.forEach(m -> tx.putManifest(repo("r"), m));
            tx.putTag(repo("r"), new Tag("a"), manifests.get(0).digest());
            tx.putTag(repo("r"), new Tag("b"), manifests.get(0).digest());
            return null;
        });
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();

        runConcurrently(i -> () -> {
            if (i == 0) {
                try {
                    for (int round = 1; round <= 200; round++) {
                        Digest target = manifests.get(round % manifests.size()).digest();
                        store.write(tx -> {
                            tx.putTag(repo("r"), new Tag("a"), target);
                            return tx.putTag(repo("r"), new Tag("b"), target);
                        });
                    }
                } finally {
                    writing.set(false);
                }
            } else {
                while (writing.get()) {
                    List<Optional<Digest>> pair = store.read(tx ->
                            List.of(tx.tag(repo("r"), new Tag("a")), tx.tag(repo("r"), new Tag("b"))));
                    if (!pair.get(0).equals(pair.get(1))) {
                        torn.add(pair.toString());
                    }
                }
            }
            return null;
        });

        assertThat(torn).isEmpty();
    }

    // Helpers.

    /** Runs one task per thread, all released at once; fails with the first exception any of them threw. */
    private static <T> List<T> runConcurrently(IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Callable<T> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(90, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Digest> pageAll(java.util.function.Function<Optional<Digest>, List<Referrer>> page) {
        List<Digest> all = new ArrayList<>();
        Optional<Digest> after = Optional.empty();
        for (int guard = 0; guard < 100; guard++) {
            List<Referrer> next = page.apply(after);
            if (next.isEmpty()) {
                return all;
            }
            next.forEach(r -> all.add(r.digest()));
            after = Optional.of(next.getLast().digest());
        }
        throw new AssertionError("paging did not end");
    }

    protected static RepositoryName repo(String name) {
        return new RepositoryName(name);
    }

    protected static Digest digest(String seed) {
        return Digest.sha256(bytes(seed));
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An image manifest whose content, and so digest, depends only on {@code seed}. */
    protected static ManifestRecord image(String seed) {
        byte[] content = bytes("{\"schemaVersion\":2,\"seed\":\"" + seed + "\"}");
        return new ManifestRecord(Digest.sha256(content), MediaTypes.OCI_MANIFEST, content,
                Optional.of("application/vnd.oci.image.config.v1+json"), Optional.empty(), Map.of(),
                List.of(new ManifestReference(digest("config-" + seed), ManifestReference.Kind.BLOB),
                        new ManifestReference(digest("layer"), ManifestReference.Kind.BLOB)),
                T0);
    }

    /** An artifact manifest pointing at {@code subject}. */
    protected static ManifestRecord referrer(String seed, Digest subject, String artifactType) {
        byte[] content = bytes("{\"schemaVersion\":2,\"artifact\":\"" + seed + "\"}");
        return new ManifestRecord(Digest.sha256(content), MediaTypes.OCI_MANIFEST, content,
                Optional.of(artifactType), Optional.of(subject), Map.of("seed", seed),
                List.of(new ManifestReference(digest("payload-" + seed), ManifestReference.Kind.BLOB)), T0);
    }
}
