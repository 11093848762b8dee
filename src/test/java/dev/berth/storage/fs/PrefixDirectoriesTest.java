package dev.berth.storage.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PrefixDirectoriesTest {
    @TempDir
    Path root;

    @Test
    void prepare_missingDirectory_createsItNotYetKnownDurable() throws IOException {
        PrefixDirectories prefixes = new PrefixDirectories();
        Path prefix = root.resolve("sha256/ab");

        prefixes.prepare(prefix);

        assertThat(prefix).isDirectory();
        assertThat(prefixes.knownDurable(prefix)).isFalse();
    }

    @Test
    void syncAfterRename_firstTime_knownDurableAfterwards() throws IOException {
        PrefixDirectories prefixes = new PrefixDirectories();
        Path prefix = root.resolve("sha256/ab");
        prefixes.prepare(prefix);

        prefixes.syncAfterRename(prefix);

        assertThat(prefixes.knownDurable(prefix)).isTrue();
        assertThat(prefixes.knownDurable(root.resolve("sha256/cd"))).isFalse();
    }

    @Test
    void prepare_directoryRemovedFromOutside_recreatedAndNoLongerKnownDurable() throws IOException {
        PrefixDirectories prefixes = new PrefixDirectories();
        Path prefix = root.resolve("sha256/ab");
        prefixes.prepare(prefix);
        prefixes.syncAfterRename(prefix);
        Files.delete(prefix);

        prefixes.prepare(prefix);

        assertThat(prefix).isDirectory();
        assertThat(prefixes.knownDurable(prefix)).isFalse();
    }

    @Test
    void newInstance_existingDirectory_notKnownDurable() throws IOException {
        Path prefix = Files.createDirectories(root.resolve("sha256/ab"));
        PrefixDirectories restarted = new PrefixDirectories();

        restarted.prepare(prefix);

        assertThat(restarted.knownDurable(prefix)).isFalse();
    }
}
