package dev.lockstep.jmh.throughput;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.jmh.HardenedState;
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

import java.util.concurrent.TimeUnit;

/**
 * The campaign workloads (Phoenix kernels and ledger transfers), uninstrumented: plain Java and
 * the Lockstep variants of {@link HardenedState}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class PhoenixBenchmark extends HardenedState {
    @Param({"histogram", "linear-regression", "kmeans", "matrix-multiply", "word-count", "string-match", "ledger"})
    public String workload;

    @Param({"plain", "stm", "dmr", "dmr-adaptive", "tmr", "dmr-parallel"})
    public String variant;

    private Workload work;
    private WorkloadState plainState;
    private WorkloadState cellsState;
    private Hardener hardener;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        work = newWorkload(workload);
        plainState = States.of(new long[work.outputCells()]);
        if (!variant.equals("plain")) {
            hardener = openLockstep(variant);
            LongCells cells = store.longCells("out", work.outputCells());
            cellsState = States.of(cells);
        }
    }

    /**
     * Creates a workload the way the benchmark does. Public so that the state-access count runs
     * exactly what the benchmark runs.
     *
     * @param name a workload name such as {@code histogram}
     * @return the workload, its input generated
     * @throws ReflectiveOperationException if its class cannot be instantiated
     */
    public static Workload newWorkload(String name) throws ReflectiveOperationException {
        return (Workload) Class.forName(Workloads.className(name)).getDeclaredConstructor().newInstance();
    }

    @Benchmark
    public Object run() {
        return variant.equals("plain") ? work.run(plainState) : hardener.call(() -> work.run(cellsState));
    }
}
