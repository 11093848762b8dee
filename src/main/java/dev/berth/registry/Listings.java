package dev.berth.registry;

import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.domain.RepositoryName;
import dev.berth.domain.Tag;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.Referrer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Content discovery: tags of a repository, the catalog of repositories and the referrers of a manifest, all in
 * lexical order with keyset pagination ({@code n}, {@code last}).
 */
public final class Listings {
    private static final int INTERNAL_PAGE = 1000;
    private final MetadataStore metadata;
    private final RegistryPolicy policy;

    public Listings(MetadataStore metadata, RegistryPolicy policy) {
        this.metadata = metadata;
        this.policy = policy;
    }

    /**
     * Spec "Listing Tags". Without {@code n} every tag is returned; with it, at most {@code n} and a cursor when
     * more follow. An unknown repository is {@code NAME_UNKNOWN}.
     */
    public Page<Tag> tags(RepositoryName repository, Optional<String> last, OptionalInt n) {
        checkPageSize(n);
        Optional<Tag> after = last.filter(s -> !s.isEmpty()).map(Tag::new);
        return metadata.read(tx -> {
            if (!tx.repositoryExists(repository)) {
                throw RegistryException.withDetail(ErrorCode.NAME_UNKNOWN, "repository name not known to registry",
                        repository.value());
            }
            if (n.isPresent()) {
                List<Tag> page = tx.tags(repository, after, n.getAsInt() + 1);
                return trim(page, n.getAsInt(), Tag::value);
            }
            List<Tag> all = new ArrayList<>();
            Optional<Tag> cursor = after;
            while (true) {
                List<Tag> page = tx.tags(repository, cursor, INTERNAL_PAGE);
                all.addAll(page);
                if (page.size() < INTERNAL_PAGE) {
                    return new Page<>(all, Optional.empty());
                }
                cursor = Optional.of(page.getLast());
            }
        });
    }

    /**
     * Docker API "Listing Repositories": the repositories {@code visible} to the caller. Without {@code n} a page
     * holds at most the configured maximum.
     */
    public Page<RepositoryName> catalog(Optional<String> last, OptionalInt n, Predicate<RepositoryName> visible) {
        checkPageSize(n);
        int want = n.orElse(policy.maxPageSize());
        Optional<RepositoryName> cursor = last.filter(s -> !s.isEmpty()).map(Listings::cursorName);
        return metadata.read(tx -> {
            List<RepositoryName> result = new ArrayList<>();
            Optional<RepositoryName> position = cursor;
            while (result.size() <= want) {
                List<RepositoryName> page = tx.repositories(position, Math.max(want + 1, 1));
                for (RepositoryName name : page) {
                    if (visible.test(name)) {
                        result.add(name);
                    }
                }
                if (page.isEmpty() || page.size() < want + 1) {
                    break;
                }
                position = Optional.of(page.getLast());
            }
            return trim(result, want, RepositoryName::value);
        });
    }

    /** Spec "Listing Referrers": never unknown; an empty list when nothing refers to {@code subject}. */
    public Page<Referrer> referrers(RepositoryName repository, Digest subject, Optional<String> artifactType,
                                    Optional<Digest> after) {
        int limit = policy.referrersPageSize();
        List<Referrer> page = metadata.read(tx -> tx.referrers(repository, subject, artifactType, after, limit + 1));
        return trim(page, limit, r -> r.digest().toString());
    }

    private void checkPageSize(OptionalInt n) {
        if (n.isPresent() && (n.getAsInt() < 0 || n.getAsInt() > policy.maxPageSize())) {
            throw RegistryException.withDetail(ErrorCode.PAGINATION_NUMBER_INVALID,
                    "n must be between 0 and " + policy.maxPageSize(), n.getAsInt());
        }
    }

    private static RepositoryName cursorName(String last) {
        if (!RepositoryName.isValid(last)) {
            throw RegistryException.withDetail(ErrorCode.PAGINATION_NUMBER_INVALID, "invalid last", last);
        }
        return new RepositoryName(last);
    }

    private static <T> Page<T> trim(List<T> items, int limit, java.util.function.Function<T, String> key) {
        if (items.size() <= limit) {
            return new Page<>(items, Optional.empty());
        }
        List<T> page = items.subList(0, limit);
        return new Page<>(page, limit == 0 ? Optional.empty() : Optional.of(key.apply(page.getLast())));
    }
}
