package dev.berth.http;

import dev.berth.domain.RepositoryName;

/** The outcome of an admitted request: who the caller is and what else it may read (catalog, mount sources). */
public interface Grant {
    /** The authenticated subject, or the empty string for an anonymous caller. */
    String subject();

    /** True when the caller may pull from {@code repository}. */
    boolean canPull(RepositoryName repository);

    Grant EVERYTHING = new Grant() {
        @Override
        public String subject() {
            return "";
        }

        @Override
        public boolean canPull(RepositoryName repository) {
            return true;
        }
    };
}
