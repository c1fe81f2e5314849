package dev.lockstep.jmh;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.LintMode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.checkers.campaign.States;
import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;
import dev.lockstep.jmh.baseline.TransferBenchmark;
import dev.lockstep.jmh.throughput.PhoenixBenchmark;
import dev.lockstep.stm.StmProvider;
import org.openjdk.jmh.annotations.Param;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the state reads and writes of one hardened call of each workload the benchmarks run
 * (the transfer's bodies and the Phoenix workloads, taken from the benchmarks' own parameters),
 * so the report states them measured rather than typed in. A {@link FaultHook} counts what the
 * leader replica reads and writes in the attempt that committed; the bodies reach state only
 * through {@link LongCells}, so these are all their state accesses.
 *
 * <p>Writes a properties file with {@code <row>.reads} and {@code <row>.writes}, rows named
 * {@code transfer-<cells>} and by workload. With {@code --jvm-flags} it prints instead the JVM
 * flags it needs (it opens a store), for the script that starts it.
 *
 * <p><b>Note:</b> a command-line program; it runs its calls on one thread.
 */
public final class StateAccesses {
    private StateAccesses() {
    }

    /**
     * Counts and writes the properties file, or prints the JVM flags.
     *
     * @param args the file to write, or {@code --jvm-flags}
     * @throws ReflectiveOperationException if a workload cannot be created
     * @throws IOException                  if the file cannot be written
     */
    public static void main(String[] args) throws ReflectiveOperationException, IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: StateAccesses <out.properties> | --jvm-flags");
        }
        if (args[0].equals("--jvm-flags")) {
            System.out.println(String.join(" ", StmProvider.jvmFlags()));
            return;
        }
        Properties counts = count();
        try (Writer out = Files.newBufferedWriter(Path.of(args[0]))) {
            counts.store(out, "state reads and writes per call: the leader replica of one DMR call");
        }
    }

    /**
     * Runs one DMR call of each workload and counts its leader's state accesses.
     *
     * @return {@code <row>.reads} and {@code <row>.writes} for every row
     * @throws ReflectiveOperationException if a workload cannot be created
     */
    static Properties count() throws ReflectiveOperationException {
        Properties counts = new Properties();
        Counter counter = new Counter();
        Hardener hardener = Lockstep.builder().name("state-accesses").replicas(2).execution(Execution.SEQUENTIAL)
                .lint(LintMode.OFF).faultHook(counter).build();
        try (StateStore store = Lockstep.inMemoryStore()) {
            for (String cells : params(TransferBenchmark.class, "cells")) {
                LongCells accounts = store.longCells("transfer-" + cells, TransferBenchmark.ACCOUNTS);
                int pairs = Integer.parseInt(cells) / 2;
                hardener.call(() -> TransferBenchmark.body(accounts, 0, pairs));
                counter.put(counts, "transfer-" + cells);
            }
            for (String name : params(PhoenixBenchmark.class, "workload")) {
                Workload work = PhoenixBenchmark.newWorkload(name);
                WorkloadState state = States.of(store.longCells(name, work.outputCells()));
                hardener.call(() -> work.run(state));
                counter.put(counts, name);
            }
        }
        return counts;
    }

    private static List<String> params(Class<?> benchmark, String field) {
        try {
            return List.of(benchmark.getField(field).getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(benchmark.getSimpleName() + " has no @Param " + field, e);
        }
    }

    /** Counts the leader's reads and writes, from its start in the latest attempt. */
    private static final class Counter implements FaultHook {
        private final AtomicLong reads = new AtomicLong();
        private final AtomicLong writes = new AtomicLong();

        @Override
        public void onReplicaStart(ReplicaContext context) {
            if (context.replica() == 0) {
                reads.set(0);
                writes.set(0);
            }
        }

        @Override
        public long onRead(ReplicaContext context, long value) {
            if (context.replica() == 0) {
                reads.incrementAndGet();
            }
            return value;
        }

        @Override
        public long onWrite(ReplicaContext context, long value) {
            if (context.replica() == 0) {
                writes.incrementAndGet();
            }
            return value;
        }

        void put(Properties counts, String row) {
            counts.setProperty(row + ".reads", Long.toString(reads.get()));
            counts.setProperty(row + ".writes", Long.toString(writes.get()));
        }
    }
}
