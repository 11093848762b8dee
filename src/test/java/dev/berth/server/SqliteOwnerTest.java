package dev.berth.server;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteOwnerTest {
    @TempDir
    Path dir;

    @Test
    void claim_whileHeld_isRefusedAsUnavailable() {
        Path db = dir.resolve("data").resolve("metadata.db");
        try (SqliteOwner first = SqliteOwner.claim(db)) {
            assertThatThrownBy(() -> SqliteOwner.claim(db))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("another Berth process is using " + db);
        }
        assertThat(dir.resolve("data").resolve("metadata.db.lock")).exists();
    }

    @Test
    void claim_afterRelease_succeeds() {
        Path db = dir.resolve("metadata.db");
        SqliteOwner.claim(db).close();

        try (SqliteOwner again = SqliteOwner.claim(db)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void claim_otherFile_isIndependent() {
        try (SqliteOwner a = SqliteOwner.claim(dir.resolve("a.db")); SqliteOwner b = SqliteOwner.claim(dir.resolve("b.db"))) {
            assertThat(a).isNotSameAs(b);
        }
    }
}
