package dev.berth.auth;

import dev.berth.domain.RepositoryName;
import dev.berth.http.Grant;

import java.util.function.Predicate;

/** An admitted request's caller: the principal, and how to tell which repositories it may pull from. */
public record Caller(Principal principal, Predicate<RepositoryName> pull) implements Grant {

    @Override
    public String subject() {
        return principal.name();
    }

    @Override
    public boolean canPull(RepositoryName repository) {
        return pull.test(repository);
    }
}
