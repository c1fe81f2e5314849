package dev.lockstep.stm.agent;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardened;
import dev.lockstep.api.LockstepException;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * The Java agent that makes {@link Hardened} methods hardened calls. Installed by
 * {@code -javaagent:lockstep-stm-core.jar} ({@link #premain}) or by
 * {@link dev.lockstep.api.Lockstep#install()} (self-attach through Byte Buddy).
 *
 * <p>It inlines {@link HardenedAdvice} into every {@code @Hardened} method with a body, in
 * classes loaded later and, by retransformation, in classes already loaded. The advice adds no
 * member, so retransformation is allowed.
 *
 * <p><b>Note:</b> thread-safe; installing twice does nothing the second time.
 */
public final class LockstepAgent {
    private static final System.Logger LOG = System.getLogger("dev.lockstep.agent");
    private static Instrumentation installed;

    private LockstepAgent() {
    }

    /**
     * Entry point for {@code -javaagent:}.
     *
     * @param args            ignored
     * @param instrumentation given by the JVM
     */
    public static void premain(String args, Instrumentation instrumentation) {
        install(instrumentation);
    }

    /**
     * Entry point for attaching to a running JVM.
     *
     * @param args            ignored
     * @param instrumentation given by the JVM
     */
    public static void agentmain(String args, Instrumentation instrumentation) {
        install(instrumentation);
    }

    /** Self-attaches unless an agent is already installed. Internal to the engine; not an API. */
    public static synchronized void selfAttach() {
        if (installed != null) {
            return;
        }
        Instrumentation instrumentation;
        try {
            instrumentation = ByteBuddyAgent.install();
        } catch (RuntimeException e) {
            throw new LockstepException(ErrorCode.INSTALL_FAILED, "Lockstep.install() could not "
                    + "attach an agent to this JVM (" + e.getMessage() + "). Start the JVM with "
                    + "-javaagent:<path to lockstep-stm-core.jar> instead, which needs no attach.", e);
        }
        install(instrumentation);
    }

    static synchronized boolean isInstalled() {
        return installed != null;
    }

    private static synchronized void install(Instrumentation instrumentation) {
        if (installed != null) {
            return;
        }
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new Failures())
                // The runtime's own classes need no ignore: none declares a @Hardened method.
                .ignore(nameStartsWith("net.bytebuddy.")
                        .or(nameStartsWith("java."))
                        .or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun.")))
                .type(declaresMethod(isAnnotatedWith(Hardened.class)))
                .transform((builder, type, loader, module, domain) -> builder.visit(
                        Advice.to(HardenedAdvice.class).on(isMethod()
                                .and(isAnnotatedWith(Hardened.class))
                                .and(not(isAbstract()))
                                .and(not(isNative()))
                                .and(not(isSynthetic())))))
                .installOn(instrumentation);
        installed = instrumentation;
    }

    /** Reports a class the agent could not transform: its @Hardened methods would run unprotected. */
    private static final class Failures extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            LOG.log(System.Logger.Level.ERROR, "could not instrument " + typeName
                    + ": its @Hardened methods are not intercepted", throwable);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
                                     boolean loaded, DynamicType dynamicType) {
            LOG.log(System.Logger.Level.DEBUG, "intercepting @Hardened methods of {0}", type.getName());
        }
    }
}
