package dev.berth.auth;

import dev.berth.testing.AuthClient;
import dev.berth.testing.TempDirectory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A {@link ServerAccessFixture} for the tests of one class, in a temporary directory of its own, started before the
 * first test and closed after the last: {@code @RegisterExtension static final ServerAccessExtension access =
 * ServerAccessExtension.start("token");}
 */
final class ServerAccessExtension implements BeforeAllCallback, AfterAllCallback {
    private final String mode;
    private final BiFunction<Path, String, ServerAccessFixture> start;
    private TempDirectory dir;
    private ServerAccessFixture fixture;

    private ServerAccessExtension(String mode, BiFunction<Path, String, ServerAccessFixture> start) {
        this.mode = mode;
        this.start = start;
    }

    /** The fixture in {@code mode} ("basic" or "token") with the test settings of {@link ServerAccessFixture}. */
    static ServerAccessExtension start(String mode) {
        return new ServerAccessExtension(mode, ServerAccessFixture::start);
    }

    /** The fixture in {@code mode} with these settings instead. */
    static ServerAccessExtension start(String mode, Map<String, String> settings) {
        return new ServerAccessExtension(mode, (dir, m) -> ServerAccessFixture.start(dir, m, settings));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        dir = TempDirectory.create("berth-access-");
        fixture = start.apply(dir.path(), mode);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try (TempDirectory deleted = dir) {
            if (fixture != null) {
                fixture.close();
            }
        } finally {
            fixture = null;
            dir = null;
        }
    }

    ServerAccessFixture fixture() {
        if (fixture == null) {
            throw new IllegalStateException("the server runs only while the tests of the class run");
        }
        return fixture;
    }

    /** A client that behaves as registry clients do in this mode; it can be made before the server starts. */
    AuthClient client() {
        return new AuthClient(() -> fixture().registry.uri("/"), mode.equals("basic"));
    }
}
