package dev.lockstep.jmh.throughput;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.LintMode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.checkers.campaign.States;
import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;
import dev.lockstep.examples.campaign.Workloads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/** The campaign workloads (Phoenix kernels and ledger transfers), plain and hardened, uninstrumented. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class PhoenixBenchmark {
    @Param({"histogram", "linear-regression", "kmeans", "matrix-multiply", "word-count", "string-match", "ledger"})
    public String workload;

    @Param({"plain", "dmr", "tmr"})
    public String variant;

    private Workload work;
    private WorkloadState plainState;
    private StateStore store;
    private WorkloadState cellsState;
    private Hardener hardener;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        work = (Workload) Class.forName(Workloads.className(workload)).getDeclaredConstructor().newInstance();
        plainState = States.of(new long[work.outputCells()]);
        if (!variant.equals("plain")) {
            store = Lockstep.inMemoryStore();
            LongCells cells = store.longCells("out", work.outputCells());
            cellsState = States.of(cells);
            hardener = Lockstep.builder().name("bench-" + variant).replicas(variant.equals("dmr") ? 2 : 3)
                    .lint(LintMode.OFF).build();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    @Benchmark
    public Object run() {
        return variant.equals("plain") ? work.run(plainState) : hardener.call(() -> work.run(cellsState));
    }
}
