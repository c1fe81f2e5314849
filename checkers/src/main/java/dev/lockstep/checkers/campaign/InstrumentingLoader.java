package dev.lockstep.checkers.campaign;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads the classes of one package through the {@link Instrumenter}, child-first; everything
 * else comes from the parent. Campaigns only: instrumentation is never active elsewhere.
 */
final class InstrumentingLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final String packagePrefix;

    InstrumentingLoader(ClassLoader parent, String packageName) {
        super("lockstep-campaign", parent);
        this.packagePrefix = packageName + ".";
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(packagePrefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] original;
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    original = in.readAllBytes();
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
                byte[] instrumented = Instrumenter.instrument(original);
                loaded = defineClass(name, instrumented, 0, instrumented.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
