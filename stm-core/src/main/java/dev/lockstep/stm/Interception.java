package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardened;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;

import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link HardenedAdvice} calls from inside {@code @Hardened} methods. Public only because
 * that code is inlined into application classes; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class Interception {
    /** Stands for a {@code null} or {@code void} result, since {@code null} means "run the body". */
    private static final Object NO_VALUE = new Object();

    private static final ClassValue<Map<String, Target>> TARGETS = new ClassValue<>() {
        @Override
        protected Map<String, Target> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Interception() {
    }

    /**
     * Called on entry to a {@code @Hardened} method.
     *
     * @param type   the declaring class
     * @param method the method's name and descriptor
     * @param self   the receiver, or null for a static method
     * @param args   the arguments
     * @return null to run the body (inside a hardened call already), otherwise the call's agreed
     *         result, to be unwrapped with {@link #result(Object)}
     * @throws Throwable what the call threw: the body's own exception, or a Lockstep error
     */
    public static Object enter(Class<?> type, String method, Object self, Object[] args) throws Throwable {
        StmProvider runtime = runtime();
        if (runtime.activeCall() != null) {
            return null;
        }
        Target target = TARGETS.get(type).computeIfAbsent(method, m -> Target.resolve(type, m));
        StmHardener hardener = runtime.registry().forAnnotation(target.hardenerName, target.display);
        runtime.lintGate().check(target.method, hardener.config().lint(), target.display);
        Object result = hardener.call(() -> target.invoke(self, args));
        return result == null ? NO_VALUE : result;
    }

    /**
     * Unwraps what {@link #enter} returned into the method's return value.
     *
     * @param outcome non-null
     * @return the value to return
     */
    public static Object result(Object outcome) {
        return outcome == NO_VALUE ? null : outcome;
    }

    private static StmProvider runtime() {
        StmProvider runtime = StmProvider.current();
        if (runtime == null) {
            // With -javaagent, a @Hardened method may run before anything else loaded the runtime.
            Lockstep.install();
            runtime = StmProvider.current();
        }
        return runtime;
    }

    /** One intercepted method, resolved once. */
    private static final class Target {
        final Method method;
        final String hardenerName;
        final String display;

        private Target(Method method) {
            this.method = method;
            this.hardenerName = method.getAnnotation(Hardened.class).value();
            this.display = method.getDeclaringClass().getName() + "." + method.getName();
        }

        static Target resolve(Class<?> type, String nameAndDescriptor) {
            for (Method m : type.getDeclaredMethods()) {
                String descriptor = MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                        .toMethodDescriptorString();
                if (nameAndDescriptor.equals(m.getName() + descriptor)) {
                    try {
                        m.setAccessible(true);
                    } catch (RuntimeException e) {
                        throw new LockstepException(ErrorCode.INSTALL_FAILED, "cannot call @Hardened "
                                + type.getName() + "." + m.getName() + " reflectively: open its package "
                                + "to Lockstep (opens ... to ALL-UNNAMED) or make the method public.", e);
                    }
                    return new Target(m);
                }
            }
            throw new IllegalStateException("intercepted method " + type.getName() + "."
                    + nameAndDescriptor + " not found: a class redefined after instrumentation?");
        }

        Object invoke(Object self, Object[] args) throws Throwable {
            try {
                return method.invoke(self, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
