package dev.lockstep.stm.call;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.stm.state.Stripes;

import java.util.List;

/**
 * The errors a call ends with when it cannot commit, each saying what happened and what to do:
 * built only on those paths, apart from the attempt loop in {@link StmHardener}.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
final class CallErrors {
    private CallErrors() {
    }

    /** The replicas disagreed on every attempt; the message gives the likeliest cause. */
    static UnrecoverableFaultException unrecoverable(HardenerConfig config, long callId, int attempts, Difference d,
                                                     boolean sameLocationEveryTime) {
        StringBuilder message = new StringBuilder()
                .append("hardener '").append(config.name()).append("', call ").append(callId)
                .append(": the replicas disagreed on all ").append(attempts)
                .append(attempts == 1 ? " attempt" : " attempts")
                .append(", so nothing was committed and no deferred effect ran. ")
                .append("First difference on the last attempt: ").append(d).append('.');
        boolean timeout = Verdict.RUN_TIME.equals(d.location());
        if (timeout) {
            message.append(" A replica ran past the replica timeout (").append(config.replicaTimeout())
                    .append("): if the body legitimately runs that long, raise it with "
                            + "HardenerBuilder.replicaTimeout(...).");
        }
        boolean hint = !timeout && sameLocationEveryTime && attempts > 1;
        if (d.cause() != null) {
            message.append(' ').append(d.cause());
        } else if (hint) {
            message.append(" The same location (").append(d.location())
                    .append(") differed on every attempt: a faulty core rarely does that, a "
                            + "non-deterministic body always does. If the body reads the clock, a "
                            + "random generator, a counter or I/O directly, draw the value through "
                            + "Nondet (Nondet.nanoTime(), Nondet.currentTimeMillis(), "
                            + "Nondet.randomLong(), Nondet.record(supplier)) so that every replica "
                            + "sees the same value.");
        }
        return new UnrecoverableFaultException(message.toString(), attempts, d.location(),
                List.of(d.firstRole() + " " + d.firstValue(), d.secondRole() + " " + d.secondValue()),
                hint);
    }

    /** The call lost to concurrent commits more often than its budget allows. */
    static LockstepException contention(HardenerConfig config, long callId, int conflicts) {
        return new LockstepException(ErrorCode.CONTENTION, "hardener '" + config.name()
                + "', call " + callId + " lost to concurrent commits " + conflicts
                + " times, so nothing was committed. Spread hot state over more cells (a "
                + "stripe is " + Stripes.CELLS_PER_STRIPE + " cells) or raise maxConflictRetries ("
                + config.maxConflictRetries() + ").");
    }

    /** A starving call waited the replica timeout for its turn to run alone. */
    static LockstepException serialTurnTimedOut(HardenerConfig config, long callId, int conflicts) {
        return new LockstepException(ErrorCode.CONTENTION, "hardener '" + config.name() + "', call "
                + callId + " lost to concurrent commits " + conflicts + " times and then waited "
                + config.replicaTimeout() + " for its turn to run alone, so nothing was committed. "
                + "Other calls that starve hold that turn: shorten wide calls or split them, or "
                + "raise HardenerBuilder.replicaTimeout(...).");
    }

    /** A PARALLEL call found {@code count} replica threads of {@code poolSize} busy until its timeout. */
    static LockstepException replicaThreadsBusy(HardenerConfig config, int count, int poolSize) {
        return new LockstepException(ErrorCode.CONTENTION, "hardener '" + config.name()
                + "' waited " + config.replicaTimeout() + " for " + count
                + " free replica thread(s) of " + poolSize + ", so nothing ran. Too many "
                + "threads run PARALLEL calls at once for this machine: use "
                + "Execution.ADAPTIVE, which runs in sequence when replica threads are busy.");
    }
}
