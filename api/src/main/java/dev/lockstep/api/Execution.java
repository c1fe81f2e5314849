package dev.lockstep.api;

/**
 * Where a hardener's replicas run. Set per hardener with
 * {@link HardenerBuilder#execution(Execution)}; the default comes from the system property
 * {@code lockstep.execution} ({@code sequential}, {@code parallel} or {@code adaptive}) and is
 * {@link #SEQUENTIAL} when the property is unset.
 *
 * <p>A defective core repeats the same wrong answer, so replicas that share a core can agree on
 * garbage. {@link #PARALLEL} and {@link #ADAPTIVE} run the later replicas on Lockstep's replica
 * threads, each pinned to its own CPU where the operating system allows, concurrently with the
 * leader on the caller's thread: a call costs about one run plus the comparison, on two cores.
 *
 * <p>Whatever the execution, a call commits exactly what the replicas agree on, under the same
 * transaction rules; only where and when the replicas run changes. Under {@code PARALLEL} and
 * {@code ADAPTIVE} the body and any {@link dev.lockstep.api.spi.FaultHook} are called from two
 * or three threads at once, so neither may share mutable state between replicas (the
 * determinism rules already forbid it for bodies).
 *
 * <p>Replica threads are created with the stack size given in bytes by the system property
 * {@code lockstep.replicaStackSize} (a {@code k}, {@code m} or {@code g} suffix is accepted, as
 * for {@code -Xss}), read when the threads are created; unset, they get the JVM's default thread
 * stack size ({@code -Xss}). Set it as large as the stacks of the threads that make calls when
 * those were created with a larger stack, so that a deep recursion that fits the caller's thread
 * also fits a replica thread. A {@link StackOverflowError}, or another
 * {@link VirtualMachineError}, in any replica is not voted on as an output: the call fails at
 * once by rethrowing that error, whatever the execution, and the replica thread stays usable.
 *
 * <p><b>Note:</b> an enum, immutable and thread-safe.
 */
public enum Execution {
    /** Every replica runs on the caller's thread, one after the other. Uses one core. */
    SEQUENTIAL,
    /**
     * The leader runs on the caller's thread and every later replica on a replica thread at the
     * same time, reading the leader's inputs as they are logged. A call waits for a free replica
     * thread if all are busy. A retry after a mismatch moves the leader to a replica thread too
     * (where there is one per replica), and prefers CPUs the failed attempt did not use.
     */
    PARALLEL,
    /**
     * {@link #PARALLEL} when a replica thread is idle and running in sequence would take longer
     * than the hardener's {@linkplain HardenerBuilder#latencyBound latency bound} (by default,
     * about 20 microseconds: below that, handing replicas to other threads costs more than it
     * saves); {@link #SEQUENTIAL} otherwise, so short calls are never slower than in sequence
     * and busy cores are left to the application. The hardener learns its calls' time from a
     * sample of them.
     */
    ADAPTIVE;

    /** The system property that sets the default execution. */
    public static final String PROPERTY = "lockstep.execution";

    /**
     * Returns the execution named by {@link #PROPERTY}, or {@link #SEQUENTIAL} if it is unset.
     *
     * @return the default execution
     * @throws IllegalArgumentException if the property holds another value; the message lists
     *                                  the accepted ones
     */
    public static Execution fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return SEQUENTIAL;
        }
        for (Execution execution : values()) {
            if (execution.name().equalsIgnoreCase(value.strip())) {
                return execution;
            }
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                + " is not an execution: use sequential, parallel or adaptive");
    }
}
