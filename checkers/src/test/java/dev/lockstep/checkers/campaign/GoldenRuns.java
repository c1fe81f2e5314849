package dev.lockstep.checkers.campaign;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.LintMode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Stats;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A campaign compares each injected run with its own fault-free run, so an engine that lost
 * every write would still count no silent corruption. The tests anchor that fault-free run:
 * the workload runs hardened without faults and must write exactly what plain Java writes.
 */
final class GoldenRuns {
    private GoldenRuns() {
    }

    /** What plain Java writes: the workload over a {@code long[]}. */
    static long[] plain(Workload w) {
        long[] cells = new long[w.outputCells()];
        w.run(States.of(cells));
        return cells;
    }

    /**
     * Runs {@code w} once hardened as {@code variant} would, without a fault, and asserts that
     * it committed what plain Java writes and returned what plain Java returns.
     */
    static void assertHardenedEqualsPlain(Workload w, Variant variant) {
        long[] expected = new long[w.outputCells()];
        Object expectedResult = w.run(States.of(expected));
        try (StateStore store = Lockstep.inMemoryStore()) {
            LongCells cells = store.longCells("golden-" + w.name(), w.outputCells());
            Hardener h = Lockstep.builder().name("golden-" + variant.cliName()).replicas(variant.replicas())
                    .execution(variant.execution()).lint(LintMode.OFF).build();
            Object result = h.call(() -> w.run(States.of(cells)));
            assertArrayEquals(expected, cells.snapshot(), variant + " without faults commits what plain Java writes");
            assertEquals(expectedResult, result, variant + " without faults returns what plain Java returns");
            Stats s = h.stats();
            assertEquals(1, s.commits(), s.toString());
            assertEquals(0, s.mismatches(), s.toString());
        }
    }
}
