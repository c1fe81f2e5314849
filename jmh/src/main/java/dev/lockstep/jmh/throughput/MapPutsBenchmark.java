package dev.lockstep.jmh.throughput;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.state.TxMap;
import dev.lockstep.jmh.HardenedState;
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
 * One hardened call (DMR, sequential) putting 1,000 to 40,000 keys into an in-memory map: the
 * score is the time per call; divided by {@code puts} it is the time per put, which stays about flat when puts within a call scale linearly
 * (issue 11; it grew with the number of puts before the write set was indexed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class MapPutsBenchmark extends HardenedState {
    @Param({"1000", "10000", "40000"})
    public int puts;

    private String[] keys;
    private TxMap<String, Long> map;
    private Hardener hardener;
    private long round;

    @Setup(Level.Trial)
    public void setUp() {
        hardener = openLockstep("dmr");
        map = store.map("puts", String.class, Long.class, puts);
        keys = new String[puts];
        for (int i = 0; i < puts; i++) {
            keys[i] = "key-" + i;
        }
    }

    /** One call of {@code puts} puts; divide the score by {@code puts} for the time per put. */
    @Benchmark
    public long call() {
        long value = ++round;
        return hardener.call(() -> {
            for (String key : keys) {
                map.put(key, value);
            }
            return value;
        });
    }
}
