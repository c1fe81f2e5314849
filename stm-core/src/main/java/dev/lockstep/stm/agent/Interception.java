package dev.lockstep.stm.agent;

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
 * that code is inlined into application classes; not an API. It resolves the intercepted method
 * once and hands each call to the runtime that {@link #serve serves} interception.
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class Interception {
    /** Stands for a {@code null} or {@code void} result, since {@code null} means "run the body". */
    private static final Object NO_VALUE = new Object();
    /** The first runtime started in this JVM: the one interception serves. */
    private static volatile HardenedCalls served;

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
        HardenedCalls runtime = runtime();
        if (runtime.inCall()) {
            return null;
        }
        Target target = TARGETS.get(type).computeIfAbsent(method, m -> Target.resolve(type, m));
        Object result = runtime.call(target.method, target.hardenerName, target.display,
                () -> target.invoke(self, args));
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

    /**
     * Makes {@code runtime} the one interception serves, unless another runtime started first.
     * Internal to the engine; not an API.
     *
     * @param runtime the runtime starting
     */
    public static synchronized void serve(HardenedCalls runtime) {
        if (served == null) {
            served = runtime;
        }
    }

    private static HardenedCalls runtime() {
        HardenedCalls runtime = served;
        if (runtime == null) {
            // With -javaagent, a @Hardened method may run before anything else loaded the runtime.
            Lockstep.install();
            runtime = served;
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
