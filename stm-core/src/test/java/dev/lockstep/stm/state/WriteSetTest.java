package dev.lockstep.stm.state;

import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.stm.call.Seeds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The write set against a plain map: random writes and rewrites over two cells objects, below
 * and past the size where lookups switch from a scan to an index, reused after clear(), in
 * first-write order with one entry per location.
 */
class WriteSetTest {
    private final StateStore store = Lockstep.inMemoryStore();
    private final StripedCells a = (StripedCells) store.longCells("a", 64);
    /** Past the size that gets a slot table: written through the hash index. */
    private final StripedCells b = (StripedCells) store.longCells("b", WriteSet.DIRECT_LIMIT + 1);
    /** More cells objects than the write set keeps tables for. */
    private final StripedCells[] small = {
        a, (StripedCells) store.longCells("c", 8), (StripedCells) store.longCells("d", 8),
        (StripedCells) store.longCells("e", 8), (StripedCells) store.longCells("f", 8)};

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void matchesAMapThroughGrowthAndReuse() {
        SplittableRandom random = Seeds.random("write-set");
        WriteSet writes = new WriteSet();
        for (int round = 0; round < 200; round++) {
            Map<Long, Long> expected = new LinkedHashMap<>();
            Map<Long, StripedCells> targets = new LinkedHashMap<>();
            int count = random.nextInt(round % 2 == 0 ? 12 : 600);
            for (int i = 0; i < count; i++) {
                StripedCells target = random.nextBoolean() ? small[random.nextInt(small.length)] : b;
                int index = random.nextInt(random.nextBoolean() ? Math.min(16, target.length()) : target.length());
                long value = random.nextLong();
                writes.put(target, index, value);
                expected.put(target.location(index), value);
                targets.put(target.location(index), target);
            }
            assertEquals(expected.size(), writes.size(), "one entry per location, round " + round);
            int slot = 0;
            for (Map.Entry<Long, Long> e : expected.entrySet()) {
                assertEquals(e.getKey(), writes.locationAt(slot), "first-write order, round " + round);
                assertEquals(e.getValue(), writes.valueAt(slot), "last value, round " + round);
                assertEquals(slot, writes.slotOf(targets.get(e.getKey()), (int) (long) e.getKey()), "lookup, round " + round);
                slot++;
            }
            if (!expected.containsKey(a.location(63))) {
                assertEquals(-1, writes.slotOf(a, 63), "a location never written, round " + round);
            }
            writes.clear();
            assertEquals(0, writes.size());
            assertEquals(-1, writes.slotOf(a, 0), "nothing survives clear()");
        }
    }
}
