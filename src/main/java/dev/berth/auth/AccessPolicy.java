package dev.berth.auth;

import dev.berth.domain.Scope;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One consistent snapshot of namespaces, memberships and repository rules, and the decision what a principal may
 * do on a repository. The order of evaluation (docs/security.md, "How a decision is made"):
 * <ol>
 *   <li>A principal restricted to a namespace (a restricted personal access token) gets nothing outside it.</li>
 *   <li>A registry admin gets everything.</li>
 *   <li>The repository's namespace is the longest one that contains it. The base role is the principal's
 *       membership there, raised to reader when the namespace is public; no namespace: no role.</li>
 *   <li>A rule naming the principal that matches the repository sets the role exactly (most specific pattern
 *       wins; on a tie the lower role).</li>
 *   <li>Otherwise rules for everyone that match cap the base role (most specific wins; on a tie the lower).</li>
 * </ol>
 * The registry catalog ({@code registry:catalog:*}) is granted to every caller: its listing is filtered to the
 * repositories the caller may pull.
 */
public final class AccessPolicy {
    private final Map<String, Namespace> namespaces = new HashMap<>();
    private final Map<String, Map<String, Role>> roles = new HashMap<>();
    private final List<CompiledRule> rules;

    public AccessPolicy(List<Namespace> namespaces, List<Member> memberships, List<RepositoryRule> rules) {
        namespaces.forEach(namespace -> this.namespaces.put(namespace.name(), namespace));
        memberships.forEach(member -> roles.computeIfAbsent(member.namespace(), k -> new HashMap<>())
                .put(member.member(), member.role()));
        this.rules = rules.stream().map(rule -> new CompiledRule(new RepositoryPattern(rule.pattern()), rule)).toList();
    }

    public static final AccessPolicy EMPTY = new AccessPolicy(List.of(), List.of(), List.of());

    /** The subset of {@code scope.actions()} that {@code principal} may perform. */
    public Set<String> allowed(Principal principal, Scope scope) {
        if (Scope.REGISTRY.equals(scope.type())) {
            return "catalog".equals(scope.name()) && scope.actions().contains(Role.ALL_ACTIONS)
                    ? Set.of(Role.ALL_ACTIONS) : Set.of();
        }
        if (!Scope.REPOSITORY.equals(scope.type())) {
            return Set.of();
        }
        Role role = roleOf(principal, scope.name());
        Set<String> allowed = new TreeSet<>(scope.actions());
        allowed.retainAll(role.actions());
        return Set.copyOf(allowed);
    }

    /** The role {@code principal} holds on {@code repository} ({@link Role#NONE} when none). */
    public Role roleOf(Principal principal, String repository) {
        if (principal.namespace().isPresent() && !contains(principal.namespace().get(), repository)) {
            return Role.NONE;
        }
        if (principal.admin()) {
            return Role.ADMIN;
        }
        Role base = namespaceOf(repository).map(namespace -> baseRole(principal, namespace)).orElse(Role.NONE);
        if (!principal.isAnonymous()) {
            Optional<Role> exact = strongest(repository, Optional.of(principal.name()));
            if (exact.isPresent()) {
                return exact.get();
            }
        }
        return strongest(repository, Optional.empty()).map(base::atMost).orElse(base);
    }

    /** The longest namespace that contains {@code repository}. */
    public Optional<Namespace> namespaceOf(String repository) {
        String candidate = repository;
        while (true) {
            Namespace namespace = namespaces.get(candidate);
            if (namespace != null) {
                return Optional.of(namespace);
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            candidate = candidate.substring(0, slash);
        }
    }

    /** The role {@code member} holds in {@code namespace} by membership alone. */
    public Role memberRole(String namespace, String member) {
        return roles.getOrDefault(namespace, Map.of()).getOrDefault(member, Role.NONE);
    }

    private Role baseRole(Principal principal, Namespace namespace) {
        Role member = principal.isAnonymous() ? Role.NONE : memberRole(namespace.name(), principal.name());
        return namespace.isPublic() && !member.atLeast(Role.READER) ? Role.READER : member;
    }

    /** The role of the most specific rule for {@code subject} matching the repository; a tie goes to the lower. */
    private Optional<Role> strongest(String repository, Optional<String> subject) {
        int bestSpecificity = -1;
        Optional<Role> best = Optional.empty();
        for (CompiledRule rule : rules) {
            if (!rule.rule().subject().equals(subject) || !rule.pattern().matches(repository)) {
                continue;
            }
            int specificity = rule.pattern().specificity();
            Role role = rule.rule().role();
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                best = Optional.of(role);
            } else if (specificity == bestSpecificity) {
                best = Optional.of(best.orElseThrow().atMost(role));
            }
        }
        return best;
    }

    static boolean contains(String namespace, String repository) {
        return repository.equals(namespace) || repository.startsWith(namespace + "/");
    }

    private record CompiledRule(RepositoryPattern pattern, RepositoryRule rule) {
    }
}
