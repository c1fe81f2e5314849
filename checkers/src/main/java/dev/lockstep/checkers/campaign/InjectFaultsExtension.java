package dev.lockstep.checkers.campaign;

import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.FaultInjection;
import dev.lockstep.api.spi.ReplicaContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The extension behind {@link InjectFaults}: a golden run of the test method that counts the
 * fault sites inside replicas, then one run per injection, each classified by how the test
 * ended. Fails the test, listing each injection and its (seed, index), if any ended in SDC.
 */
public final class InjectFaultsExtension implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                    ExtensionContext extension) throws Throwable {
        Method method = context.getExecutable();
        InjectFaults settings = method.getAnnotation(InjectFaults.class);
        if (settings.injections() < 1) {
            throw new IllegalArgumentException("@InjectFaults(injections = " + settings.injections()
                    + ") on " + method.getName() + ": use 1 or more");
        }
        Class<?> testClass = extension.getRequiredTestClass();
        List<String> packages = settings.packages().length == 0
                ? List.of(testClass.getPackageName()) : Arrays.asList(settings.packages());
        StateFaults state = new StateFaults();
        FaultHook hook = new ReplicaHook(state);
        Map<Outcome, Integer> tally = new EnumMap<>(Outcome.class);
        List<String> corrupted = new ArrayList<>();
        long[] golden = new long[2];

        Retransformation instrumented = settings.model() == FaultModel.STATE ? null
                : new Retransformation(packages, testClass.getName());
        try {
            FaultInjection.install(hook);
            Injector.arm(Injector.Mode.COUNT, -1, 0, 0, 0, Long.MAX_VALUE);
            Injector.confineToReplicas();
            state.arm(-1, 0);
            try {
                invocation.proceed();
            } finally {
                Injector.disarm();
                state.disarm();
            }
            long sites = Injector.sites();
            long accesses = state.accesses();
            golden[0] = sites;
            golden[1] = accesses;
            if ((settings.model() == FaultModel.STATE ? accesses : sites) == 0) {
                throw new IllegalStateException("@InjectFaults found nothing to inject into: the golden run of "
                        + method.getName() + " made no " + (settings.model() == FaultModel.STATE
                        ? "state access inside a hardened call" : "hardened call into code of " + packages));
            }
            long budget = Math.max(100_000, Campaign.HANG_FACTOR * Injector.steps());
            Object target = context.getTarget().orElse(null);
            Object[] args = context.getArguments().toArray();

            for (int i = 0; i < settings.injections(); i++) {
                Fault fault = Fault.draw(settings.model(), settings.seed(), i, sites, accesses);
                fault.arm(state, budget);
                Injector.confineToReplicas();
                Throwable failure = null;
                try {
                    method.setAccessible(true);
                    method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    failure = e.getCause();
                } finally {
                    Injector.disarm();
                    state.disarm();
                }
                Outcome outcome = classify(failure);
                tally.merge(outcome, 1, Integer::sum);
                if (outcome == Outcome.SDC) {
                    corrupted.add("injection " + i + " (seed " + settings.seed() + ", target " + fault.target()
                            + ", mask 0x" + Long.toHexString(fault.mask()) + "): " + Campaign.describe(failure));
                }
            }
        } finally {
            FaultInjection.uninstall();
            if (instrumented != null) {
                instrumented.close();
            }
        }

        String summary = settings.injections() + " " + settings.model().cliName() + " injections into "
                + method.getName() + " (" + golden[0] + " sites and " + golden[1] + " state accesses in replicas): "
                + tally.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase() + " " + e.getValue()).collect(Collectors.joining(", "));
        extension.publishReportEntry("lockstep.injections", summary);
        if (!corrupted.isEmpty()) {
            throw new AssertionError(summary + ". " + corrupted.size()
                    + " ended in silent data corruption (the test's assertions failed):\n  "
                    + String.join("\n  ", corrupted.subList(0, Math.min(10, corrupted.size()))));
        }
    }

    /** Passed: masked or corrected (the test cannot tell which). Assertions failed: SDC. */
    private static Outcome classify(Throwable failure) {
        if (failure == null) {
            return Outcome.MASKED;
        }
        if (failure instanceof UnrecoverableFaultException) {
            return Outcome.DETECTED;
        }
        if (failure instanceof InjectedHang) {
            return Outcome.HANG;
        }
        if (failure instanceof AssertionError) {
            return Outcome.SDC;
        }
        return Outcome.CRASH;
    }

    /** Opens the injector's gate while a replica runs, and applies the state model. */
    private static final class ReplicaHook implements FaultHook {
        private final StateFaults state;

        ReplicaHook(StateFaults state) {
            this.state = state;
        }

        @Override
        public void onReplicaStart(ReplicaContext context) {
            Injector.replicaStarted();
        }

        @Override
        public void onReplicaEnd(ReplicaContext context) {
            Injector.replicaEnded();
        }

        @Override
        public long onRead(ReplicaContext context, long value) {
            return state.apply(value);
        }

        @Override
        public long onWrite(ReplicaContext context, long value) {
            return state.apply(value);
        }
    }
}
