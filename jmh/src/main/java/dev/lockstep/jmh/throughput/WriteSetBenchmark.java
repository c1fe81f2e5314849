package dev.lockstep.jmh.throughput;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.jmh.HardenedState;
import org.multiverse.api.TxnExecutor;
import org.multiverse.api.callables.TxnLongCallable;
import org.multiverse.stms.gamma.GammaStm;
import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;
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

/** One call writing 1 to 10,000 cells: how the cost grows with the write set. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class WriteSetBenchmark extends HardenedState {
    @Param({"plain", "multiverse", "dmr"})
    public String variant;

    @Param({"1", "10", "100", "1000", "10000"})
    public int size;

    private long[] plain;
    private GammaTxnLong[] refs;
    private TxnExecutor executor;
    private LongCells cells;
    private Hardener hardener;
    private long round;

    @Setup(Level.Trial)
    public void setUp() {
        plain = new long[size];
        GammaStm stm = new GammaStm();
        refs = new GammaTxnLong[size];
        for (int i = 0; i < size; i++) {
            refs[i] = new GammaTxnLong(stm, 0);
        }
        executor = stm.newTxnFactoryBuilder().newTxnExecutor();
        if (isLockstep(variant)) {
            hardener = openLockstep(variant);
            cells = store.longCells("cells", size);
        }
    }

    @Benchmark
    public long write() {
        long value = ++round;
        switch (variant) {
            case "plain" -> {
                for (int i = 0; i < size; i++) {
                    plain[i] = value;
                }
                return plain[0];
            }
            case "multiverse" -> {
                return executor.execute((TxnLongCallable) txn -> {
                    for (int i = 0; i < size; i++) {
                        refs[i].set(txn, value);
                    }
                    return value;
                });
            }
            default -> {
                return hardener.call(() -> {
                    for (int i = 0; i < size; i++) {
                        cells.set(i, value);
                    }
                    return value;
                });
            }
        }
    }
}
