package dev.lockstep.stm.replicas;

import net.openhft.affinity.Affinity;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The replica threads: one {@link ReplicaWorker} per CPU the process may run on (at least two),
 * each pinned to its CPU with OpenHFT Affinity where the operating system allows. Started by the
 * runtime on the first parallel attempt; a JVM that only runs sequential calls has none.
 *
 * <p>A leader claims the workers for its later replicas all at once, or none (two leaders each
 * holding one worker and waiting for the other's would otherwise wait until the watchdog fires),
 * preferring workers on CPUs it was told to avoid least: the CPU the leader runs on, and those of
 * a failed attempt.
 *
 * <p>It also keeps the count {@link dev.lockstep.api.Execution#ADAPTIVE} needs: the cores Lockstep keeps busy,
 * leaders of parallel-capable calls plus claimed workers. Cores busy with other work are not
 * seen. Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class ReplicaWorkers {
    /** Makes each worker's job, for the first workers and for those that replace abandoned ones. */
    private final Supplier<? extends ReplicaWorker.Job> jobs;
    private final AtomicReferenceArray<ReplicaWorker> slots;
    private final AtomicInteger generations = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final int cores;
    private final boolean affinity;

    /**
     * Starts the replica threads.
     *
     * @param jobs makes the job of each worker
     */
    public ReplicaWorkers(Supplier<? extends ReplicaWorker.Job> jobs) {
        this.jobs = jobs;
        BitSet allowed = allowedCpus();
        this.affinity = allowed.cardinality() > 0;
        int[] cpus = allowed.stream().toArray();
        int count = Math.max(2, cpus.length);
        this.cores = Math.max(cpus.length, Runtime.getRuntime().availableProcessors());
        this.slots = new AtomicReferenceArray<>(count);
        for (int i = 0; i < count; i++) {
            slots.set(i, new ReplicaWorker(this, jobs.get(), i < cpus.length ? cpus[i] : -1, 0));
        }
    }

    /** The CPUs this process may run on, or none if affinity is not available here. */
    private static BitSet allowedCpus() {
        try {
            BitSet allowed = Affinity.getAffinity();
            return allowed == null ? new BitSet() : allowed;
        } catch (RuntimeException | LinkageError e) {
            return new BitSet();
        }
    }

    /**
     * The CPU the calling thread runs on right now.
     *
     * @return the CPU, or -1 where that cannot be told
     */
    public int callerCpu() {
        if (!affinity) {
            return -1;
        }
        try {
            return Affinity.getCpu();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /**
     * How many replica threads there are.
     *
     * @return at least two
     */
    public int size() {
        return slots.length();
    }

    /** A snapshot of the workers, for tests and diagnostics. */
    ReplicaWorker[] workers() {
        ReplicaWorker[] all = new ReplicaWorker[slots.length()];
        for (int i = 0; i < all.length; i++) {
            all[i] = slots.get(i);
        }
        return all;
    }

    /**
     * Claims {@code count} idle workers, all or none, preferring CPUs outside {@code avoid} (bit
     * {@code c} for CPU {@code c}).
     *
     * @return whether {@code into[0..count)} now holds claimed workers
     */
    public boolean tryClaim(ReplicaWorker[] into, int count, long avoid) {
        int claimed = 0;
        int n = slots.length();
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int pass = 0; pass < 2 && claimed < count; pass++) {
            for (int k = 0; k < n && claimed < count; k++) {
                ReplicaWorker w = slots.get((start + k) % n);
                if ((pass == 0 && avoided(w.cpu(), avoid)) || !w.tryClaim()) {
                    continue;
                }
                into[claimed++] = w;
            }
        }
        if (claimed < count) {
            for (int i = 0; i < claimed; i++) {
                into[i].unclaim();
                into[i] = null;
            }
            return false;
        }
        busy.addAndGet(count);
        return true;
    }

    private static boolean avoided(int cpu, long avoid) {
        return (avoid & bit(cpu)) != 0;
    }

    /**
     * CPU {@code cpu}'s bit in a CPU mask.
     *
     * @return the bit; none for -1 or a CPU past 63
     */
    public static long bit(int cpu) {
        return cpu >= 0 && cpu < Long.SIZE ? 1L << cpu : 0;
    }

    /**
     * Claims {@code count} workers, waiting for busy ones as long as {@code waiter} allows.
     *
     * @throws dev.lockstep.stm.state.Signals.Timeout if none came free before the deadline
     */
    public void claim(ReplicaWorker[] into, int count, long avoid, Watchdog waiter) {
        for (int idles = 0; !tryClaim(into, count, avoid); idles++) {
            if ((idles & 0xFF) == 0xFF) {
                reapOverdue();
            }
            waiter.idle(idles);
        }
    }

    /** Abandons replicas that their leaders let go of and that still run past their deadline. */
    private void reapOverdue() {
        long now = System.nanoTime();
        for (int i = 0; i < slots.length(); i++) {
            slots.get(i).abandonIfOverdue(now);
        }
    }

    /** A worker went back to the pool. */
    void released() {
        busy.decrementAndGet();
    }

    /**
     * A leader that may use replica threads starts or ends a call: it keeps one core busy.
     *
     * @param delta 1 when it starts, -1 when it ends
     */
    public void leading(int delta) {
        busy.addAndGet(delta);
    }

    /**
     * Whether {@code extra} more busy cores would still fit on the machine.
     *
     * @return true if they would
     */
    public boolean coresIdle(int extra) {
        return busy.get() + extra <= cores;
    }

    /** Puts a fresh worker, for the same CPU, in the abandoned one's place. */
    void replace(ReplicaWorker abandoned) {
        busy.decrementAndGet();
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == abandoned) {
                slots.compareAndSet(i, abandoned,
                        new ReplicaWorker(this, jobs.get(), abandoned.cpu(), generations.incrementAndGet()));
                return;
            }
        }
    }
}
