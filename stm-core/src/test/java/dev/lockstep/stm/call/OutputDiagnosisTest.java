package dev.lockstep.stm.call;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Nondet;
import dev.lockstep.api.UnrecoverableFaultException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: when replicas disagree for a reason no faulty core explains, the diagnosis names it
 * with its place and its fix, instead of the generic "draw it through Nondet" hint: an object
 * compared by identity nested in the result, or a mutable value drawn through Nondet.record.
 */
class OutputDiagnosisTest extends AccountsFixture {
    /** Compares by identity: it does not override equals. */
    static final class Owner {
        final String name;

        Owner(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return "Owner(" + name + ")";
        }
    }

    record Line(long quantity, Owner owner) {
    }

    record Order(String id, List<Line> items) {
    }

    record Batch(String name, long[] values) {
    }

    record Registry(Map<String, Owner> byName) {
    }

    private static final Owner SHARED = new Owner("shared");
    private static final String GENERIC_HINT = "draw the value through Nondet";

    private UnrecoverableFaultException failingCall(Execution execution, HardenedCallable<Object, RuntimeException> body) {
        Hardener h = Lockstep.builder().execution(execution).maxRetries(2).build();
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> h.call(body));
        assertEquals(3, e.attempts());
        assertEquals(3, h.stats().mismatches(), h.stats().toString());
        assertEquals(OPENING_BALANCE * ACCOUNTS, total(), "nothing was committed");
        System.out.println("diagnosis: " + e.getMessage());
        return e;
    }

    private static void assertNamesFix(UnrecoverableFaultException e, String path, String fix) {
        String m = e.getMessage();
        assertTrue(m.contains("The replicas cannot agree on this value: " + path + ", "), "names " + path + ": " + m);
        assertTrue(m.contains(fix), "says the fix, " + fix + ": " + m);
        assertFalse(m.contains(GENERIC_HINT), "not the generic Nondet hint: " + m);
    }

    private static final String EQUALS_FIX = "Make that class a record, or implement equals and hashCode in it";

    @ParameterizedTest
    @EnumSource(value = Execution.class, names = {"SEQUENTIAL", "PARALLEL"})
    void anObjectWithoutEqualsInAListInARecordIsNamedByItsPath(Execution execution) {
        UnrecoverableFaultException e = failingCall(execution, () -> {
            long balance = accounts.get(0);
            // Two lines share one instance (equal in every replica); the third is built per replica.
            return new Order("o-" + balance, List.of(new Line(1, SHARED), new Line(2, SHARED),
                    new Line(3, new Owner("bob"))));
        });
        assertEquals("return value", e.location());
        assertNamesFix(e, "result.items[2].owner: class " + Owner.class.getName() + " does not override equals", EQUALS_FIX);
    }

    @Test
    void anArrayInARecordIsNamedByItsPath() {
        UnrecoverableFaultException e = failingCall(Execution.SEQUENTIAL,
                () -> new Batch("b", new long[] {accounts.get(0), accounts.get(1)}));
        assertNamesFix(e, "result.values: long[] compares by identity in equals()", "Use a List (List.of, List.copyOf) in its place.");
    }

    @Test
    void anObjectWithoutEqualsAsAMapValueIsNamedByItsKey() {
        UnrecoverableFaultException e = failingCall(Execution.SEQUENTIAL,
                () -> new Registry(Map.of("bob", new Owner("bob " + accounts.get(0)))));
        assertNamesFix(e, "result.byName[bob]: class " + Owner.class.getName() + " does not override equals", EQUALS_FIX);
    }

    @Test
    void anObjectWithoutEqualsInAnArrayResultIsNamedByItsIndex() {
        UnrecoverableFaultException e = failingCall(Execution.SEQUENTIAL,
                () -> new Object[] {accounts.get(0), List.of(SHARED, new Owner("x"))});
        assertNamesFix(e, "result[1][1]: class " + Owner.class.getName() + " does not override equals", EQUALS_FIX);
    }

    @Test
    void aMutableArrayDrawnThroughNondetIsNamedByItsInputNumber() {
        UnrecoverableFaultException e = failingCall(Execution.SEQUENTIAL, () -> {
            long first = Nondet.randomLong();
            int[] counts = Nondet.record(() -> new int[] {1, 2});
            counts[0]++;   // the leader's change is what the trailer is handed
            accounts.set(3, first == 0 ? 1 : counts[0]);
            return counts[0];
        });
        String m = e.getMessage();
        assertTrue(m.contains("A value drawn through Nondet.record is mutable: input #1 is a int[]"), m);
        assertTrue(m.contains("Return an immutable value from the supplier"), m);
        assertFalse(m.contains(GENERIC_HINT), m);
    }

    @Test
    void aMutableListInsideARecordDrawnThroughNondetIsNamedByItsPath() {
        record Draw(String name, List<Long> picks) {
        }
        UnrecoverableFaultException e = failingCall(Execution.SEQUENTIAL, () -> {
            Draw d = Nondet.record(() -> new Draw("d", new ArrayList<>(List.of(7L))));
            d.picks().add(accounts.get(0));
            return (long) d.picks().size();
        });
        String m = e.getMessage();
        assertTrue(m.contains("A value drawn through Nondet.record is mutable: input #0.picks is a java.util.ArrayList"), m);
        assertFalse(m.contains(GENERIC_HINT), m);
    }

    @Test
    void anImmutableNondetValueKeepsTheGenericHintForANonDeterministicBody() {
        UnrecoverableFaultException e = failingCall(Execution.SEQUENTIAL, () -> {
            List<Long> fixed = Nondet.record(() -> List.of(1L, 2L));
            return fixed.size() + System.nanoTime();   // read directly: differs per replica
        });
        String m = e.getMessage();
        assertTrue(m.contains(GENERIC_HINT), m);
        assertFalse(m.contains("is mutable"), m);
        assertFalse(m.contains("does not override equals"), m);
    }
}
