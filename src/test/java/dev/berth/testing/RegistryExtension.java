package dev.berth.testing;

import dev.berth.http.HttpServer;
import dev.berth.metadata.MetadataStore;
import dev.berth.registry.RegistryPolicy;
import dev.berth.storage.BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A {@link TestRegistry} with its own temporary data directory and an {@link OciClient}, for the tests of one class:
 * <pre>{@code
 * @RegisterExtension
 * static final RegistryExtension registry = RegistryExtension.start();
 * }</pre>
 * By default one registry serves every test of the class (started before the first, closed after the last);
 * {@link #freshForEachTest()} gives each test a new one. Register it on a static field either way.
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private final boolean perTest;
    private final RegistryPolicy policy;
    private final Function<Path, BlobStore> blobStore;
    private final Runnable afterClose;
    private String testClass;
    private TempDirectory dir;
    private TestRegistry registry;
    private OciClient client;

    private RegistryExtension(boolean perTest, RegistryPolicy policy, Function<Path, BlobStore> blobStore,
                              Runnable afterClose) {
        this.perTest = perTest;
        this.policy = policy;
        this.blobStore = blobStore;
        this.afterClose = afterClose;
    }

    /** One registry for all tests of the class, with default policy and a filesystem blob store. */
    public static RegistryExtension start() {
        return new RegistryExtension(false, RegistryPolicy.defaults(), TestRegistry::fileStore, () -> {
        });
    }

    /** A new registry (and data directory) for every test. */
    public static RegistryExtension freshForEachTest() {
        return new RegistryExtension(true, RegistryPolicy.defaults(), TestRegistry::fileStore, () -> {
        });
    }

    public RegistryExtension withPolicy(RegistryPolicy policy) {
        return new RegistryExtension(perTest, policy, blobStore, afterClose);
    }

    /** The blob store, made from the data directory when the registry starts; the registry closes it. */
    public RegistryExtension withBlobStore(Function<Path, BlobStore> blobStore) {
        return new RegistryExtension(perTest, policy, blobStore, afterClose);
    }

    /** Runs after the registry has closed: for what its blob store needed (an S3 server) and must outlive it. */
    public RegistryExtension afterClose(Runnable afterClose) {
        return new RegistryExtension(perTest, policy, blobStore, afterClose);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (testClass != null) {
            return; // a @Nested class: it shares the registry of the class that registered the extension
        }
        testClass = context.getUniqueId();
        if (!perTest) {
            open();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(testClass)) {
            return;
        }
        testClass = null;
        try (OciClient shared = client) {
            if (!perTest) {
                close();
            }
        } finally {
            client = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            open();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            close();
        }
    }

    private void open() {
        dir = TempDirectory.create("berth-registry-");
        registry = TestRegistry.start(dir.path(), policy, blobStore.apply(dir.path()));
    }

    private void close() {
        try (TempDirectory deleted = dir) {
            if (registry != null) {
                registry.close();
            }
        } finally {
            dir = null;
            registry = null;
            afterClose.run();
        }
    }

    public TestRegistry registry() {
        return running();
    }

    /**
     * The client the tests share, also before the registry runs (it finds the registry at each request), so that it
     * can be kept in a field: {@code static final OciClient client = registry.client();}. Closed after all tests.
     */
    public OciClient client() {
        if (client == null) {
            client = new OciClient(this::uri);
        }
        return client;
    }

    /** A client of its own, for a test that wants one per thread. */
    public OciClient newClient() {
        return new OciClient(running());
    }

    /** The registry's data directory (blobs under {@code blobs-root}, metadata in {@code metadata.db}). */
    public Path dataDir() {
        running();
        return dir.path();
    }

    public int port() {
        return running().port();
    }

    public URI uri(String pathAndQuery) {
        return running().uri(pathAndQuery);
    }

    public HttpServer server() {
        return running().server();
    }

    public MetadataStore metadata() {
        return running().metadata();
    }

    public BlobStore store() {
        return running().store();
    }

    private TestRegistry running() {
        if (registry == null) {
            throw new IllegalStateException("the registry runs only while tests run: register the extension with "
                    + "@RegisterExtension on a static field");
        }
        return registry;
    }
}
