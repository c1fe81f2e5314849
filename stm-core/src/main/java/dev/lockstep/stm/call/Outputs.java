package dev.lockstep.stm.call;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.stm.state.MapWrites;
import dev.lockstep.stm.state.StripedMap;
import dev.lockstep.stm.state.WriteSet;

import java.util.Arrays;
import java.util.Objects;

/**
 * Compares two replicas' outputs: write set, then result or exception, then the number of
 * deferred effects. Returns the first difference, or {@code null} when they agree.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
final class Outputs {
    /** Whether a class compares by value: overrides {@code equals}, or is an array. */
    private static final ClassValue<Boolean> COMPARES_BY_VALUE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.isArray()) {
                return true;
            }
            try {
                return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException impossible) {
                throw new AssertionError(impossible);
            }
        }
    };

    private Outputs() {
    }

    /** Whether {@code type} compares by value: overrides {@code equals}, or is an array. */
    static boolean comparesByValue(Class<?> type) {
        return COMPARES_BY_VALUE.get(type);
    }

    /**
     * Compares {@code a} with {@code b}.
     *
     * @throws LockstepException with {@link ErrorCode#INCOMPARABLE_OUTPUT} if the results are
     *                           distinct objects of a class that compares by identity
     */
    static Difference compare(ReplicaState a, ReplicaState b) {
        Difference d = compareWrites(a, b);
        if (d != null) {
            return d;
        }
        d = compareOutcome(a, b);
        if (d != null) {
            return d;
        }
        if (a.effects.size() != b.effects.size()) {
            return new Difference("deferred effects", a.role(), "registered " + a.effects.size(),
                    b.role(), "registered " + b.effects.size());
        }
        return null;
    }

    private static Difference compareWrites(ReplicaState a, ReplicaState b) {
        WriteSet wa = a.writes;
        WriteSet wb = b.writes;
        if (wa.sameInOrder(wb)) {
            return compareMapWrites(a, b);
        }
        for (int i = 0; i < wa.size(); i++) {
            int j = wb.slotOf(wa.cellsAt(i), wa.indexAt(i));
            if (j < 0 || wb.valueAt(j) != wa.valueAt(i)) {
                return new Difference(wa.cellsAt(i).describe(wa.indexAt(i)),
                        a.role(), "wrote " + wa.valueAt(i),
                        b.role(), j < 0 ? "did not write it" : "wrote " + wb.valueAt(j));
            }
        }
        if (wb.size() != wa.size()) {
            for (int j = 0; j < wb.size(); j++) {
                if (wa.slotOf(wb.cellsAt(j), wb.indexAt(j)) < 0) {
                    return new Difference(wb.cellsAt(j).describe(wb.indexAt(j)),
                            a.role(), "did not write it", b.role(), "wrote " + wb.valueAt(j));
                }
            }
        }
        return compareMapWrites(a, b);
    }

    private static Difference compareMapWrites(ReplicaState a, ReplicaState b) {
        MapWrites ma = a.mapWrites;
        MapWrites mb = b.mapWrites;
        for (int i = 0; i < ma.size(); i++) {
            StripedMap<?, ?> map = ma.mapAt(i);
            Object key = ma.keyAt(i);
            Object other = mb.lookup(map, key);
            Object mine = ma.valueAt(i);
            boolean same = other != MapWrites.UNWRITTEN && (mine == MapWrites.REMOVED || other == MapWrites.REMOVED
                    ? mine == other : map.valueCodec().same(mine, other));
            if (!same) {
                return new Difference(map.describe(key), a.role(), describeMapWrite(map, mine),
                        b.role(), other == MapWrites.UNWRITTEN ? "did not write it" : describeMapWrite(map, other));
            }
        }
        if (mb.size() != ma.size()) {
            for (int j = 0; j < mb.size(); j++) {
                if (ma.lookup(mb.mapAt(j), mb.keyAt(j)) == MapWrites.UNWRITTEN) {
                    return new Difference(mb.mapAt(j).describe(mb.keyAt(j)), a.role(), "did not write it",
                            b.role(), describeMapWrite(mb.mapAt(j), mb.valueAt(j)));
                }
            }
        }
        return null;
    }

    private static String describeMapWrite(StripedMap<?, ?> map, Object value) {
        return value == MapWrites.REMOVED ? "removed it" : "wrote " + map.valueCodec().describe(value);
    }

    private static Difference compareOutcome(ReplicaState a, ReplicaState b) {
        if (a.thrown != null || b.thrown != null) {
            if (a.thrown != null && b.thrown != null
                    && a.thrown.getClass() == b.thrown.getClass()
                    && Objects.equals(a.thrown.getMessage(), b.thrown.getMessage())) {
                return null;
            }
            return new Difference("exception", a.role(), describeOutcome(a), b.role(), describeOutcome(b));
        }
        if (sameResult(a.result, b.result)) {
            return null;
        }
        return new Difference("return value", a.role(), describeOutcome(a), b.role(), describeOutcome(b),
                Diagnosis.identityInResult("result", a.result, b.result));
    }

    static boolean sameResult(Object x, Object y) {
        if (x == y) {
            return true;
        }
        if (x == null || y == null || x.getClass() != y.getClass()) {
            return false;
        }
        if (!COMPARES_BY_VALUE.get(x.getClass())) {
            throw new LockstepException(ErrorCode.INCOMPARABLE_OUTPUT, "the call returned a "
                    + x.getClass().getName() + ", which does not override equals(), so replicas "
                    + "cannot be compared (each replica builds its own instance). Return a value "
                    + "type instead: a record, a String, a boxed number, an array, or a class "
                    + "with equals().");
        }
        return Arrays.deepEquals(new Object[] {x}, new Object[] {y});
    }

    private static String describeOutcome(ReplicaState r) {
        if (r.thrown != null) {
            return "threw " + r.thrown;
        }
        Object v = r.result;
        return "returned " + (v instanceof Object[] ? Arrays.deepToString((Object[]) v)
                : v != null && v.getClass().isArray() ? Arrays.deepToString(new Object[] {v})
                : String.valueOf(v));
    }
}
