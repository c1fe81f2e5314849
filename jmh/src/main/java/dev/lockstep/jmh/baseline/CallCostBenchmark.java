package dev.lockstep.jmh.baseline;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.jmh.HardenedState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What one call costs apart from its work, piece by piece: an empty body, one read, five reads,
 * one write (a writing commit), and a read-modify-write, for the transaction alone
 * ({@code stm}) and DMR. The differences between rows give the cost of a call, of a state
 * read, and of a writing commit; the README's benchmark section quotes them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class CallCostBenchmark extends HardenedState {
    @Param({"stm", "dmr"})
    public String variant;

    private LongCells cells;
    private Hardener hardener;

    @Setup
    public void setUp() {
        hardener = openLockstep(variant);
        cells = store.longCells("costs", 64);
    }

    @Benchmark
    public Object emptyBody() {
        return hardener.call(() -> 1L);
    }

    @Benchmark
    public long oneRead() {
        return hardener.call(() -> cells.get(3));
    }

    @Benchmark
    public long fiveReads() {
        return hardener.call(() -> cells.get(3) + cells.get(4) + cells.get(5) + cells.get(6) + cells.get(7));
    }

    @Benchmark
    public long oneWrite() {
        hardener.run(() -> cells.set(3, 5));
        return 1;
    }

    @Benchmark
    public long readModifyWrite() {
        return hardener.call(() -> cells.add(3, 1));
    }
}
