package dev.lockstep.stm.state;

/**
 * Control-flow signals that end a replica early. They are preallocated and carry no stack
 * trace: they are thrown on hot paths and never reach the caller. A body that swallows one does
 * not hide it: the engine also records the cause in the call's context. They live with state
 * because a replica meets them at its state accesses: a read that finds its snapshot lost
 * ({@link Snapshot}), the watchdog looking at the clock, an input that differs from the
 * leader's. Internal to the engine; not an API.
 *
 * <p><b>Note:</b> immutable and thread-safe: each signal is one shared instance.
 */
public final class Signals {
    /** Another thread committed what this attempt read: abort and re-run, not a fault. */
    public static final Conflict CONFLICT = new Conflict();
    /** A later replica asked for another input than the leader logged (DMR): a fault. */
    public static final Divergence DIVERGENCE = new Divergence();
    /** The replica ran past the watchdog's deadline: the attempt is a mismatch. */
    public static final Timeout TIMEOUT = new Timeout();

    private Signals() {
    }

    /** The type of {@link #CONFLICT}. */
    public static final class Conflict extends Error {
        private static final long serialVersionUID = 1L;

        private Conflict() {
            super("conflict: another thread committed what this attempt read", null, false, false);
        }
    }

    /** The type of {@link #DIVERGENCE}. */
    public static final class Divergence extends Error {
        private static final long serialVersionUID = 1L;

        private Divergence() {
            super("divergence: a replica's inputs differ from the leader's input log", null, false, false);
        }
    }

    /** The type of {@link #TIMEOUT}. */
    public static final class Timeout extends Error {
        private static final long serialVersionUID = 1L;

        private Timeout() {
            super("timeout: the replica ran past the watchdog's deadline", null, false, false);
        }
    }
}
