package dev.lockstep.stm.call;

import dev.lockstep.api.Stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * A hardener's live counters. Each counter is exact; a {@link #snapshot()} is not taken
 * atomically across counters.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class HardenerStats {
    final LongAdder commits = new LongAdder();
    final LongAdder mismatches = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder conflicts = new LongAdder();
    final LongAdder unrecoverable = new LongAdder();
    final LongAdder outvoted = new LongAdder();
    final LongAdder parallel = new LongAdder();
    final LongAdder abandoned = new LongAdder();

    Stats snapshot() {
        return Stats.of(commits.sum(), mismatches.sum(), retries.sum(), conflicts.sum(),
                unrecoverable.sum(), outvoted.sum(), parallel.sum(), abandoned.sum());
    }
}
