package dev.lockstep.checkers.campaign;

import net.bytebuddy.agent.ByteBuddyAgent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * Instruments the classes of some packages in the running JVM for the duration of a test, then
 * restores them: the {@link Instrumenter} as a retransforming agent (through Byte Buddy's
 * attach). Classes whose names start with an excluded prefix (the test class) are left alone.
 */
final class Retransformation implements AutoCloseable {
    private final Instrumentation instrumentation;
    private final Transformer transformer;
    private final List<Class<?>> retransformed = new ArrayList<>();

    Retransformation(List<String> packages, String excludedPrefix) {
        this.instrumentation = ByteBuddyAgent.install();
        this.transformer = new Transformer(packages, excludedPrefix);
        instrumentation.addTransformer(transformer, true);
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (instrumentation.isModifiableClass(loaded) && transformer.wants(loaded.getName())) {
                retransformed.add(loaded);
            }
        }
        retransform();
    }

    @Override
    public void close() {
        instrumentation.removeTransformer(transformer);
        retransform();
    }

    private void retransform() {
        if (retransformed.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(retransformed.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException e) {
            throw new IllegalStateException("cannot instrument " + e.getMessage(), e);
        }
    }

    private static final class Transformer implements ClassFileTransformer {
        private final List<String> prefixes = new ArrayList<>();
        private final String excluded;

        Transformer(List<String> packages, String excludedPrefix) {
            for (String p : packages) {
                prefixes.add(p + ".");
            }
            this.excluded = excludedPrefix;
        }

        boolean wants(String className) {
            if (className.startsWith(excluded)) {
                return false;
            }
            for (String prefix : prefixes) {
                if (className.startsWith(prefix) && className.indexOf('.', prefix.length()) < 0) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined,
                                ProtectionDomain domain, byte[] classFile) {
            if (internalName == null || !wants(internalName.replace('/', '.'))) {
                return null;
            }
            return Instrumenter.instrument(classFile);
        }
    }
}
