package dev.lockstep.api;

import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.api.spi.LockstepProvider;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime is found with ServiceLoader; none, several or a failing one is a clear error. */
class ProviderHolderTest {

    @Test
    void noProviderOnTheClassPathIsAClearErrorEveryTime() {
        // The api module's own test class path has no runtime.
        for (int i = 0; i < 2; i++) {
            LockstepException e = assertThrows(LockstepException.class, () -> Lockstep.builder().build());
            assertEquals(ErrorCode.NO_PROVIDER, e.code());
            assertTrue(e.getMessage().contains("dev.lockstep:lockstep-stm-core"), e.getMessage());
        }
        assertThrows(LockstepException.class, Lockstep::inMemoryStore);
        assertThrows(LockstepException.class, Nondet::nanoTime);
    }

    @Test
    void twoProvidersAreNamedInTheError(@TempDir Path dir) throws IOException {
        Object loaded = loadWith(dir, First.class, Second.class);
        LockstepException e = assertInstanceOf(LockstepException.class, loaded);
        assertEquals(ErrorCode.MULTIPLE_PROVIDERS, e.code());
        assertTrue(e.getMessage().contains(First.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(Second.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("Keep exactly one"), e.getMessage());
    }

    @Test
    void oneProviderIsUsed(@TempDir Path dir) throws IOException {
        assertInstanceOf(First.class, loadWith(dir, First.class));
    }

    @Test
    void aProviderThatRefusesToStartIsReportedAsItSaid(@TempDir Path dir) throws IOException {
        LockstepException e = assertInstanceOf(LockstepException.class, loadWith(dir, Refusing.class));
        assertEquals(ErrorCode.MISSING_JVM_FLAGS, e.code());
        assertTrue(e.getMessage().contains("--add-exports"), e.getMessage());
    }

    private static Object loadWith(Path dir, Class<?>... providers) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        StringBuilder lines = new StringBuilder();
        for (Class<?> p : providers) {
            lines.append(p.getName()).append('\n');
        }
        Files.writeString(services.resolve(LockstepProvider.class.getName()), lines);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ProviderHolderTest.class.getClassLoader())) {
            return ProviderHolder.load(loader);
        }
    }

    /** Registered providers for the selection tests; selection never calls their methods. */
    public static class First implements LockstepProvider {
        @Override
        public Hardener newHardener(HardenerConfig config) {
            throw new UnsupportedOperationException("selection test only");
        }

        @Override
        public StateStore newInMemoryStore() {
            throw new UnsupportedOperationException("selection test only");
        }

        @Override
        public long recordLong(LongSupplier source) {
            throw new UnsupportedOperationException("selection test only");
        }

        @Override
        public <T> T record(Supplier<T> source) {
            throw new UnsupportedOperationException("selection test only");
        }

        @Override
        public StateStore newPersistentStore(java.nio.file.Path dir, dev.lockstep.api.state.Durability durability) {
            throw new UnsupportedOperationException("selection test only");
        }

        @Override
        public void install() {
            throw new UnsupportedOperationException("selection test only");
        }

        @Override
        public void afterCommit(Runnable effect) {
            throw new UnsupportedOperationException("selection test only");
        }
    }

    /** A second registered provider. */
    public static class Second extends First {
    }

    /** A provider whose environment check fails, as the real one does without its JVM flags. */
    public static class Refusing extends First {
        public Refusing() {
            throw new LockstepException(ErrorCode.MISSING_JVM_FLAGS, "start java with --add-exports ...");
        }
    }
}
