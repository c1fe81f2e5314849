package dev.lockstep.examples.quickstart;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.examples.ledger.LedgerService;

/**
 * The README's first example: {@code @Hardened} methods, activated with {@code Lockstep.install()}.
 * Compiled and run by the build (ReadmeSnippetTest keeps the README in step).
 */
public final class AnnotatedQuickStart {
    private AnnotatedQuickStart() {
    }

    /**
     * Runs the example and prints what it did.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // tag::annotated[]
        Lockstep.install();                                   // once, at startup
        Hardener ledgerHardener = Lockstep.builder().name("ledger").maxRetries(3).build();

        try (StateStore store = Lockstep.inMemoryStore()) {
            LedgerService ledger = new LedgerService(store, 16, balance -> System.out.println("receipt: " + balance));
            ledger.open(1_000);
            long left = ledger.transfer(3, 4, 250);           // runs as two replicas, commits if they agree
            System.out.println(left + " left; " + ledgerHardener.stats());
        }
        // end::annotated[]
    }
}
