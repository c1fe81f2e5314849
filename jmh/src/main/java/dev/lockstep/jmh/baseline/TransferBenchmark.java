package dev.lockstep.jmh.baseline;

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
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A transfer touching 2 or 10 cells, side by side: plain Java (unsynchronized: the floor), a
 * plain Multiverse atomic block on {@code TxnLong}s (default settings), and the Lockstep variants
 * of {@link HardenedState} (the transaction alone, DMR sequential, adaptive and parallel, TMR).
 * One and two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class TransferBenchmark extends HardenedState {
    /** How many accounts the transfers move units between. */
    public static final int ACCOUNTS = 64;

    @Param({"plain", "multiverse", "stm", "dmr", "dmr-adaptive", "tmr", "dmr-parallel"})
    public String variant;

    @Param({"2", "10"})
    public int cells;

    private long[] plain;
    private GammaTxnLong[] refs;
    private TxnExecutor executor;
    private LongCells accounts;
    private Hardener hardener;

    /** Where a thread's next transfer starts. */
    @State(Scope.Thread)
    public static class Cursor {
        int next = ThreadLocalRandom.current().nextInt(ACCOUNTS);
    }

    @Setup(Level.Trial)
    public void setUp() {
        plain = new long[ACCOUNTS];
        GammaStm stm = new GammaStm();
        refs = new GammaTxnLong[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            refs[i] = new GammaTxnLong(stm, 1_000);
        }
        executor = stm.newTxnFactoryBuilder().newTxnExecutor();
        if (isLockstep(variant)) {
            hardener = openLockstep(variant);
            accounts = store.longCells("accounts", ACCOUNTS);
        }
    }

    private long transfer(Cursor cursor) {
        int start = cursor.next;
        cursor.next = (start + 7) % ACCOUNTS;
        int pairs = cells / 2;
        switch (variant) {
            case "plain" -> {
                for (int p = 0; p < pairs; p++) {
                    int from = (start + 2 * p) % ACCOUNTS;
                    plain[from]--;
                    plain[(from + 1) % ACCOUNTS]++;
                }
                return plain[start];
            }
            case "multiverse" -> {
                return executor.execute((TxnLongCallable) txn -> {
                    for (int p = 0; p < pairs; p++) {
                        int from = (start + 2 * p) % ACCOUNTS;
                        GammaTxnLong a = refs[from];
                        GammaTxnLong b = refs[(from + 1) % ACCOUNTS];
                        a.set(txn, a.get(txn) - 1);
                        b.set(txn, b.get(txn) + 1);
                    }
                    return refs[start].get(txn);
                });
            }
            default -> {
                return hardener.call(() -> body(accounts, start, pairs));
            }
        }
    }

    /**
     * The hardened body: moves one unit along {@code pairs} pairs of neighbouring accounts. Public
     * so that the state-access count runs exactly what the benchmark runs.
     *
     * @param accounts {@value #ACCOUNTS} or more cells
     * @param start    the first account
     * @param pairs    how many pairs; the call touches twice as many cells
     * @return the first account's balance after the transfer
     */
    public static long body(LongCells accounts, int start, int pairs) {
        for (int p = 0; p < pairs; p++) {
            int from = (start + 2 * p) % ACCOUNTS;
            accounts.add(from, -1);
            accounts.add((from + 1) % ACCOUNTS, 1);
        }
        return accounts.get(start);
    }

    @Benchmark
    @Threads(1)
    public long oneThread(Cursor cursor) {
        return transfer(cursor);
    }

    @Benchmark
    @Threads(2)
    public long twoThreads(Cursor cursor) {
        return transfer(cursor);
    }
}
