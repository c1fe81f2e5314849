package dev.lockstep.checkers.campaign;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.LintMode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Stats;
import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A fault-injection campaign: one workload, one fault model, one variant. It runs the workload
 * once without a fault (the golden run, which also counts the fault sites), then once per
 * injection with one fault armed, and classifies each run's {@link Outcome}.
 *
 * <pre>{@code
 * CampaignResult r = Campaign.of("dev.lockstep.examples.workloads.Histogram", FaultModel.BITFLIP, Variant.DMR)
 *         .injections(2_500).seed(1).run(done -> { });
 * }</pre>
 *
 * <p><b>Note:</b> a campaign runs on the calling thread; do not run two at once in one JVM
 * (the instrumented code reports to one {@link Injector}).
 */
public final class Campaign {
    /** Retries a hardened variant allows after a mismatch. */
    public static final int MAX_RETRIES = 3;
    /** A run may take this many times the golden run's steps before it counts as a hang. */
    static final int HANG_FACTOR = 10;

    private final String workloadClass;
    private final FaultModel model;
    private final Variant variant;
    private int injections = 100;
    private long seed = 1;

    private Campaign(String workloadClass, FaultModel model, Variant variant) {
        this.workloadClass = Objects.requireNonNull(workloadClass, "workloadClass");
        this.model = Objects.requireNonNull(model, "model");
        this.variant = Objects.requireNonNull(variant, "variant");
    }

    /**
     * Starts describing a campaign.
     *
     * @param workloadClass the fully qualified name of a {@link Workload} class; its whole package
     *                      is instrumented
     * @param model         what each injection does
     * @param variant       how the workload runs
     * @return the campaign, with 100 injections and seed 1
     */
    public static Campaign of(String workloadClass, FaultModel model, Variant variant) {
        return new Campaign(workloadClass, model, variant);
    }

    /**
     * Sets the number of injections.
     *
     * @param count 1 or more
     * @return this campaign
     * @throws IllegalArgumentException if less than 1
     */
    public Campaign injections(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("injections must be at least 1, got " + count);
        }
        this.injections = count;
        return this;
    }

    /**
     * Sets the seed from which every injection is drawn.
     *
     * @param newSeed any value
     * @return this campaign
     */
    public Campaign seed(long newSeed) {
        this.seed = newSeed;
        return this;
    }

    /**
     * Runs the golden run and every injection.
     *
     * @param progress told the number of injections done after each one
     * @return the records and their tally
     * @throws IllegalArgumentException if the workload class cannot be loaded or instantiated
     * @throws IllegalStateException    if the golden run itself fails
     */
    public CampaignResult run(IntConsumer progress) {
        Workload workload = load();
        try (StateStore store = Lockstep.inMemoryStore()) {
            StateFaults stateFaults = new StateFaults();
            Runner runner = variant == Variant.UNHARDENED
                    ? new PlainRunner(workload, stateFaults)
                    : new HardenedRunner(workload, store, variant, stateFaults);

            runner.reset();
            Injector.arm(Injector.Mode.COUNT, -1, 0, 0, 0, Long.MAX_VALUE);
            stateFaults.arm(-1, 0);
            Run golden = runner.run();
            long sites = Injector.sites();
            long steps = Injector.steps();
            long accesses = stateFaults.accesses();
            Injector.disarm();
            stateFaults.disarm();
            if (golden.thrown != null) {
                throw new IllegalStateException("the golden run of " + workload.name() + " failed", golden.thrown);
            }
            long budget = Math.max(100_000, HANG_FACTOR * steps);

            List<InjectionRecord> records = new ArrayList<>(injections);
            for (int i = 0; i < injections; i++) {
                records.add(inject(workload, runner, stateFaults, golden, sites, accesses, budget, i));
                progress.accept(i + 1);
            }
            return new CampaignResult(workload.name(), model, variant, sites, accesses, records);
        }
    }

    private InjectionRecord inject(Workload workload, Runner runner, StateFaults stateFaults, Run golden,
                                   long sites, long accesses, long budget, int index) {
        Fault fault = Fault.draw(model, seed, index, sites, accesses);
        runner.reset();
        fault.arm(stateFaults, budget);
        Run run;
        boolean fired;
        try {
            run = runner.run();
        } finally {
            fired = fault.fired(stateFaults);
            Injector.disarm();
            stateFaults.disarm();
        }
        Outcome outcome = classify(golden, run);
        return new InjectionRecord(workload.name(), model.cliName(), variant.cliName(), seed, index,
                fault.target(), Long.toHexString(fault.mask()), fired, outcome, describe(run.thrown));
    }

    static String describe(Throwable thrown) {
        return thrown == null ? "" : thrown.getClass().getSimpleName()
                + (thrown.getMessage() == null ? "" : ": " + firstLine(thrown.getMessage()));
    }

    private static Outcome classify(Run golden, Run run) {
        if (run.thrown instanceof UnrecoverableFaultException) {
            return Arrays.stream(run.output).allMatch(v -> v == 0) ? Outcome.DETECTED : Outcome.SDC;
        }
        if (run.thrown instanceof InjectedHang) {
            return Outcome.HANG;
        }
        if (run.thrown != null) {
            return Outcome.CRASH;
        }
        boolean golden1 = Arrays.equals(run.output, golden.output) && Objects.deepEquals(run.result, golden.result);
        if (!golden1) {
            return Outcome.SDC;
        }
        return run.faultsSeen > 0 ? Outcome.CORRECTED : Outcome.MASKED;
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    private Workload load() {
        int dot = workloadClass.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("give the workload's fully qualified class name, not " + workloadClass);
        }
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = new InstrumentingLoader(parent, workloadClass.substring(0, dot)).loadClass(workloadClass);
            return (Workload) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | SecurityException e) {
            throw new IllegalArgumentException("cannot load workload " + workloadClass
                    + ": it must implement " + Workload.class.getName() + " with a public no-argument constructor", e);
        }
    }

    /** What one run produced. */
    private record Run(Object result, long[] output, Throwable thrown, long faultsSeen) {
    }

    private interface Runner {
        void reset();

        Run run();
    }

    /** The baseline: plain Java, once, into a long[]. */
    private static final class PlainRunner implements Runner {
        private final Workload workload;
        private final StateFaults faults;
        private final long[] cells;

        PlainRunner(Workload workload, StateFaults faults) {
            this.workload = workload;
            this.faults = faults;
            this.cells = new long[workload.outputCells()];
        }

        @Override
        public void reset() {
            Arrays.fill(cells, 0);
        }

        @Override
        public Run run() {
            try {
                Object result = workload.run(States.of(cells, faults));
                return new Run(result, cells.clone(), null, 0);
            } catch (Throwable t) {
                return new Run(null, cells.clone(), t, 0);
            }
        }
    }

    /** Lockstep: the workload's run as the body of a hardened call over LongCells. */
    private static final class HardenedRunner implements Runner {
        private final Workload workload;
        private final LongCells cells;
        private final Hardener hardener;
        private final Hardener resetter;

        HardenedRunner(Workload workload, StateStore store, Variant variant, StateFaults faults) {
            this.workload = workload;
            this.cells = store.longCells("campaign-" + workload.name(), workload.outputCells());
            this.hardener = Lockstep.builder().name("campaign-" + variant.cliName())
                    .replicas(variant.replicas()).execution(variant.execution()).maxRetries(MAX_RETRIES)
                    .faultHook(faults).lint(LintMode.OFF).build();
            this.resetter = Lockstep.builder().name("campaign-reset").execution(Execution.SEQUENTIAL)
                    .lint(LintMode.OFF).build();
        }

        @Override
        public void reset() {
            resetter.run(() -> {
                for (int i = 0; i < cells.length(); i++) {
                    cells.set(i, 0);
                }
            });
        }

        @Override
        public Run run() {
            Stats before = hardener.stats();
            Object result = null;
            Throwable thrown = null;
            try {
                result = hardener.call(() -> workload.run(States.of(cells)));
            } catch (Throwable t) {
                thrown = t;
            }
            Stats after = hardener.stats();
            long faultsSeen = after.mismatches() - before.mismatches() + after.outvoted() - before.outvoted();
            return new Run(result, cells.snapshot(), thrown, faultsSeen);
        }
    }
}
