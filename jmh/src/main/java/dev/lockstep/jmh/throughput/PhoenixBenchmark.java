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

/** The campaign workloads (Phoenix kernels and ledger transfers), plain and hardened, uninstrumented. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class PhoenixBenchmark extends HardenedState {
    @Param({"histogram", "linear-regression", "kmeans", "matrix-multiply", "word-count", "string-match", "ledger"})
    public String workload;

    @Param({"plain", "dmr", "tmr", "dmr-parallel"})
    public String variant;

    private Workload work;
    private WorkloadState plainState;
    private WorkloadState cellsState;
    private Hardener hardener;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        work = (Workload) Class.forName(Workloads.className(workload)).getDeclaredConstructor().newInstance();
        plainState = States.of(new long[work.outputCells()]);
        if (!variant.equals("plain")) {
            hardener = openLockstep(variant);
            LongCells cells = store.longCells("out", work.outputCells());
            cellsState = States.of(cells);
        }
    }

    @Benchmark
    public Object run() {
        return variant.equals("plain") ? work.run(plainState) : hardener.call(() -> work.run(cellsState));
    }
}
