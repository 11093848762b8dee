package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.migration.Migration;
import dev.berth.migration.MigrationSummary;
import dev.berth.server.Stores;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code berth migrate}: copies an installation (by default a single node's data directory: filesystem blobs and
 * SQLite) into the stores of another configuration (S3 and PostgreSQL, or any other), verifying every digest.
 */
@Command(name = "migrate", sortOptions = false,
        description = {"Copy a registry into the stores of another configuration (e.g. a single node's data directory"
                + " into S3 + PostgreSQL), verifying every blob's digest while copying.",
                "Resumable and idempotent: run it again after an interruption, or once more after stopping the old"
                        + " node to pick up the last pushes. It never deletes anything."})
final class MigrateCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Option(names = "--to-config", required = true, paramLabel = "FILE",
            description = "Configuration of the target (storage.type, s3.*, metadata.*); BERTH_* environment"
                    + " variables apply to it, so secrets can come from the environment.")
    private Path toConfig;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "Blobs copied at the same time (default ${DEFAULT-VALUE}).")
    private int parallel;

    @Option(names = "--verify-existing",
            description = "Re-read blobs already in the target and check their digest (default: a blob under its"
                    + " digest with the right size counts as copied).")
    private boolean verifyExisting;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> environment;

    MigrateCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    static final class Source {
        @Option(names = "--from-data-dir", paramLabel = "DIR",
                description = "Data directory of a default single-node installation (blobs under DIR, SQLite in"
                        + " DIR/metadata.db).")
        Path dataDir;

        @Option(names = "--from-config", paramLabel = "FILE",
                description = "Configuration file of the source, when it is not laid out by default.")
        Path config;
    }

    @Override
    public Integer call() {
        if (parallel < 1 || parallel > 64) {
            throw new ParameterException(spec.commandLine(), "--parallel must be between 1 and 64");
        }
        BerthConfig from = source.config != null
                ? new ConfigLoader(Map.of()).load(Optional.of(source.config), Map.of())
                : new ConfigLoader(Map.of()).load(Optional.empty(),
                Map.of("data-dir", source.dataDir.toString()));
        BerthConfig to = new ConfigLoader(environment).load(Optional.of(toConfig), Map.of());
        if (sameStores(from, to)) {
            throw new ParameterException(spec.commandLine(), "the source and the target are the same stores"
                    + " (a shared blob store with a new metadata database is fine)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("migrate: from " + Stores.describe(from));
        out.println("migrate: to   " + Stores.describe(to));
        out.flush();
        MigrationSummary summary;
        try (Stores sourceStores = Stores.openForReading(from); Stores targetStores = Stores.open(to)) {
            MigrationProgress progress = new MigrationProgress(out, Duration.ofSeconds(2));
            summary = new Migration(sourceStores.blobs(), sourceStores.metadata(), targetStores.blobs(),
                    targetStores.metadata(), progress, parallel, verifyExisting).run();
        }
        printSummary(out, summary);
        return summary.complete() ? 0 : StartupFailure.FAILURE;
    }

    private static boolean sameStores(BerthConfig a, BerthConfig b) {
        boolean sameBlobs = a.storage().type() == b.storage().type() && switch (a.storage().type()) {
            case FILESYSTEM -> a.storage().root().equals(b.storage().root());
            case S3 -> a.s3().bucket().equals(b.s3().bucket()) && a.s3().prefix().equals(b.s3().prefix())
                    && a.s3().endpoint().equals(b.s3().endpoint());
        };
        boolean sameMetadata = a.metadata().type() == b.metadata().type() && switch (a.metadata().type()) {
            case SQLITE -> a.metadata().path().equals(b.metadata().path());
            case POSTGRESQL -> a.metadata().postgresql().url().equals(b.metadata().postgresql().url());
        };
        return sameBlobs && sameMetadata;
    }

    private static void printSummary(PrintWriter out, MigrationSummary summary) {
        out.printf("migrate: %s in %s%n", summary.complete() ? "done" : "finished with problems",
                MigrationProgress.duration(summary.elapsed()));
        out.printf("  blobs:        %d copied and verified (%s), %d already in the target%n", summary.blobsCopied(),
                MigrationProgress.bytes(summary.bytesCopied()), summary.blobsAlreadyThere());
        out.printf("  repositories: %d (%d manifests, %d tags)%n", summary.repositories(), summary.manifests(),
                summary.tags());
        if (summary.complete()) {
            out.println("  problems:     none");
        } else {
            out.printf("  problems:     %d%n", summary.failures().size());
            summary.failures().forEach(failure -> out.println("    - " + failure));
            out.println("  Fix the source (or accept the loss) and run the same command again; what is copied stays.");
        }
        out.flush();
    }
}
