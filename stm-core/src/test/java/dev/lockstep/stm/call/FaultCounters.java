package dev.lockstep.stm.call;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Stats;

/**
 * A hardener's fault counters without its execution counters ({@code parallel},
 * {@code abandoned}), so that one assertion holds whatever {@code -Dlockstep.execution} the
 * suite runs under. {@code ParallelExecutionTest} checks the execution counters.
 */
public final class FaultCounters {
    private FaultCounters() {
    }

    public static Stats of(Hardener h) {
        Stats s = h.stats();
        return Stats.of(s.commits(), s.mismatches(), s.retries(), s.conflicts(), s.unrecoverable(), s.outvoted());
    }
}
