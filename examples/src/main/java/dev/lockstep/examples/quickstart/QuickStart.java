package dev.lockstep.examples.quickstart;

import dev.lockstep.api.Effects;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Nondet;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;

/**
 * The README's usage example, compiled and run by the build (ReadmeSnippetTest keeps the README
 * and this file in step).
 */
public final class QuickStart {
    private QuickStart() {
    }

    /**
     * Runs the example and prints what it did.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // tag::quickstart[]
        Hardener h = Lockstep.builder()
                .name("ledger")
                .replicas(2)        // 2 = compare and retry, 3 = vote
                .maxRetries(3)
                .build();
        try (StateStore mem = Lockstep.inMemoryStore()) {
            LongCells acct = mem.longCells("accounts", 1024);
            h.run(() -> acct.set(0, 100));

            long old = h.call(() -> {
                long a = acct.get(0);
                acct.set(0, a - 5);
                acct.add(1, 5);
                acct.set(2, Nondet.currentTimeMillis());   // never System.currentTimeMillis()
                Effects.afterCommit(() -> System.out.println("sent receipt for " + a));
                return a;
            });

            System.out.println(old + " -> " + acct.get(0) + ", " + acct.get(1) + "; " + h.stats());
        }
        // end::quickstart[]
    }
}
