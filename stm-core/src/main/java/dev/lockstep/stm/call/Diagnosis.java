package dev.lockstep.stm.call;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Names the real cause of a disagreement that no faulty core explains, so that the
 * {@link dev.lockstep.api.UnrecoverableFaultException} says what to fix instead of a generic
 * hint:
 * <ul>
 *   <li>a value nested in a result (a record component, a list or collection element, an
 *       array element, a map value) that compares by identity: each replica builds its own
 *       instance, so the replicas' results never compare equal, however right they are;</li>
 *   <li>a mutable value drawn through {@code Nondet.record}: every later replica is handed
 *       the leader's instance, so what one replica changes in it, the next one sees.</li>
 * </ul>
 * It walks values with plain reflection over record components and {@code java.util}
 * collections, maps and arrays only, and stops after {@value #MAX_DEPTH} levels and
 * {@value #MAX_ELEMENTS} elements per container. It runs only once replicas disagreed.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
final class Diagnosis {
    private static final int MAX_DEPTH = 32;
    private static final int MAX_ELEMENTS = 10_000;
    /** How an array that a record, collection or map compares with equals() is described. */
    private static final String ARRAY_BY_IDENTITY = " compares by identity in equals()";

    private Diagnosis() {
    }

    /**
     * Why two results of the same class cannot compare equal, or null if nothing nested in
     * them compares by identity.
     *
     * @param path the name of the value, such as {@code result}
     */
    static String identityInResult(String path, Object a, Object b) {
        String found = identity(path, a, b, false, 0);
        if (found == null) {
            return null;
        }
        String fix = found.endsWith(ARRAY_BY_IDENTITY)
                ? "Use a List (List.of, List.copyOf) in its place."
                : "Make that class a record, or implement equals and hashCode in it, or return a "
                        + "value type (a record, a String, a boxed number) in its place.";
        return "The replicas cannot agree on this value: " + found + ", so the equal values that "
                + "two replicas build compare unequal (by identity). " + fix;
    }

    /**
     * The first place under {@code path} where {@code a} and {@code b} are distinct instances
     * that compare by identity, described, or null.
     *
     * @param byEquals whether the enclosing value compares this one with {@code equals}
     *                 (records, collections, maps) rather than element by element (arrays,
     *                 and the top-level result, which is compared with
     *                 {@link java.util.Arrays#deepEquals})
     */
    private static String identity(String path, Object a, Object b, boolean byEquals, int depth) {
        if (a == b || a == null || b == null || a.getClass() != b.getClass() || depth > MAX_DEPTH) {
            return null;
        }
        Class<?> type = a.getClass();
        if (type.isArray()) {
            if (byEquals) {
                return path + ": " + type.getTypeName() + ARRAY_BY_IDENTITY;
            }
            if (a instanceof Object[] xs) {
                Object[] ys = (Object[]) b;
                for (int i = 0; i < Math.min(Math.min(xs.length, ys.length), MAX_ELEMENTS); i++) {
                    String found = identity(path + "[" + i + "]", xs[i], ys[i], false, depth + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                String found = identity(path + "." + c.getName(), component(c, a), component(c, b), true, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object key = e.getKey();
                if (key != null && !Outputs.comparesByValue(key.getClass())) {
                    return path + " key " + key + ": class " + key.getClass().getName() + " does not override equals";
                }
                String found = y.containsKey(key)
                        ? identity(path + "[" + key + "]", e.getValue(), y.get(key), true, depth + 1) : null;
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (a instanceof Collection<?> x && b instanceof Collection<?> y) {
            Iterator<?> xi = x.iterator();
            Iterator<?> yi = y.iterator();
            for (int i = 0; i < MAX_ELEMENTS && xi.hasNext() && yi.hasNext(); i++) {
                String found = identity(path + "[" + i + "]", xi.next(), yi.next(), true, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (!Outputs.comparesByValue(type)) {
            return path + ": class " + type.getName() + " does not override equals";
        }
        return null;
    }

    /**
     * Why the replicas may have seen different inputs although the leader's were replayed: the
     * first value in {@code log} drawn through {@code Nondet.record} that is mutable, or null.
     */
    static String mutableNondet(InputLog log) {
        for (int at = 0; at < log.size(); at++) {
            if (!log.matches(at, InputLog.NONDET_OBJECT)) {
                continue;
            }
            String found = mutable("input #" + at, log.objectAt(at), 0);
            if (found != null) {
                return "A value drawn through Nondet.record is mutable: " + found + ". Every later "
                        + "replica is handed the leader's instance, so a change one replica makes to "
                        + "it is seen by the next, and the replicas disagree. Return an immutable value "
                        + "from the supplier (List.copyOf(...), Map.copyOf(...), a record of values, a "
                        + "String, a boxed number), and copy it before changing it in the body.";
            }
        }
        return null;
    }

    /** The first mutable array, collection or map under {@code path}, described, or null. */
    private static String mutable(String path, Object v, int depth) {
        if (v == null || depth > MAX_DEPTH) {
            return null;
        }
        Class<?> type = v.getClass();
        if (type.isArray()) {
            if (java.lang.reflect.Array.getLength(v) > 0) {
                return path + " is a " + type.getTypeName();
            }
            return null;
        }
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                String found = mutable(path + "." + c.getName(), component(c, v), depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
            if (!unmodifiable(type)) {
                return path + " is a " + type.getName();
            }
            Iterable<?> elements = v instanceof Map<?, ?> m ? m.values() : (Collection<?>) v;
            int i = 0;
            for (Object e : elements) {
                if (i >= MAX_ELEMENTS) {
                    break;
                }
                String found = mutable(path + "[" + i++ + "]", e, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Whether a collection or map class is one of the JDK's unmodifiable ones: {@code List.of}
     * and its kin, {@code Collections.unmodifiable*}, {@code empty*} and {@code singleton*}.
     */
    private static boolean unmodifiable(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.util.ImmutableCollections$")
                || name.startsWith("java.util.Collections$Unmodifiable")
                || name.startsWith("java.util.Collections$Empty")
                || name.startsWith("java.util.Collections$Singleton");
    }

    /** A record component's value, or null where reflection may not read it. */
    private static Object component(RecordComponent c, Object record) {
        try {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
