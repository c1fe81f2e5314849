package dev.lockstep.examples.quickstart;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;

import java.time.Duration;

/**
 * The README's parallel-replicas example, compiled and run by the build (ReadmeSnippetTest
 * keeps the README and this file in step).
 */
public final class ParallelQuickStart {
    private ParallelQuickStart() {
    }

    /**
     * Runs the example and prints what it did.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // tag::parallel[]
        Hardener h = Lockstep.builder()
                .name("parallel-ledger")
                .execution(Execution.PARALLEL)          // or SEQUENTIAL (the default), ADAPTIVE
                .replicaTimeout(Duration.ofSeconds(2))  // the watchdog's bound on one attempt
                .build();
        try (StateStore mem = Lockstep.inMemoryStore()) {
            LongCells acct = mem.longCells("accounts", 1024);
            h.run(() -> acct.set(0, 100));
            long left = h.call(() -> acct.add(0, -5));
            System.out.println(left + " left; " + h.stats().parallel() + " parallel attempts");
        }
        // end::parallel[]
    }
}
