package dev.lockstep.stm.call;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.StoreCapacityException;
import dev.lockstep.api.state.TxMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A travel-reservation database in the style of STAMP's "vacation": free units per resource in
 * cells, reservations and customers in maps sized smaller than the load, so calls keep hitting
 * the maps' limits while three threads book and cancel. Each booking writes a cell and two map
 * entries (one of them a value that grows); each cancellation removes several. Whatever the
 * interleaving and however many calls are refused for capacity, no commit may be torn: every
 * unit is either free or held by exactly one reservation of an existing customer, in memory and
 * after reopening a persistent store.
 */
class ReservationIntegrityTest {
    private static final int RESOURCES = 120;
    private static final long UNITS = 5;
    private static final int CUSTOMERS = 400;
    private static final int MAX_RESERVATIONS = 40;
    private static final int MAX_CUSTOMERS = 30;
    private static final int THREADS = 3;
    private static final int OPERATIONS = 1_500;

    @TempDir
    Path dir;

    @Test
    void inMemoryBookingsNeverTearAtTheMapsLimits() throws InterruptedException {
        try (StateStore store = Lockstep.inMemoryStore()) {
            Database db = new Database(store);
            int refused = db.run(Seeds.random("reservations-in-memory"));
            db.checkIntegrity();
            assertTrue(refused > 0, "the load must reach the maps' limits, or this test checks nothing");
        }
    }

    @Test
    void persistentBookingsNeverTearAtTheMapsLimitsAndReopenWhole() throws InterruptedException {
        Path storeDir = dir.resolve("vacation");
        int refused;
        try (StateStore store = Lockstep.persistentStore(storeDir)) {
            Database db = new Database(store);
            refused = db.run(Seeds.random("reservations-persistent"));
            db.checkIntegrity();
        }
        try (StateStore reopened = Lockstep.persistentStore(storeDir)) {
            new Database(reopened).checkIntegrity();
        }
        assertTrue(refused > 0, "the load must reach the maps' limits, or this test checks nothing");
    }

    /** The tables and the two transactions, as an application would write them. */
    private static final class Database {
        final Hardener h = Lockstep.builder().name("vacation").build();
        final LongCells free;
        final TxMap<String, Long> reservations;
        final TxMap<Integer, String> customers;
        /** The first failure other than a refusal for capacity, or null. */
        Throwable failure;

        Database(StateStore store) {
            free = store.longCells("free", RESOURCES);
            reservations = store.map("reservations", String.class, Long.class, MAX_RESERVATIONS);
            customers = store.map("customers", Integer.class, String.class, MAX_CUSTOMERS);
            h.run(() -> {
                if (free.get(0) == 0 && reservations.size() == 0) {
                    for (int r = 0; r < RESOURCES; r++) {
                        free.set(r, UNITS);
                    }
                }
            });
        }

        /** Books one unit of {@code resource} for {@code customer}, if one is free. */
        void reserve(int customer, int resource) {
            h.run(() -> {
                long units = free.get(resource);
                if (units == 0) {
                    return;
                }
                free.set(resource, units - 1);
                String key = key(customer, resource);
                Long held = reservations.get(key);
                reservations.put(key, held == null ? 1 : held + 1);
                String booked = customers.get(customer);
                customers.put(customer, (booked == null ? "" : booked) + resource + ",");
            });
        }

        /** Cancels every reservation of {@code customer} and forgets the customer. */
        void deleteCustomer(int customer) {
            h.run(() -> {
                String booked = customers.get(customer);
                if (booked == null) {
                    return;
                }
                for (String resource : booked.split(",")) {
                    Long held = reservations.remove(key(customer, Integer.parseInt(resource)));
                    if (held != null) {
                        free.add(Integer.parseInt(resource), held);
                    }
                }
                customers.remove(customer);
            });
        }

        /**
         * Runs the load on {@value #THREADS} threads, until done or until a call fails with
         * something other than {@link StoreCapacityException} (kept in {@link #failure});
         * returns how many calls were refused for capacity.
         */
        int run(SplittableRandom seeds) throws InterruptedException {
            AtomicInteger refused = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = seeds.split();
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < OPERATIONS && failure.get() == null; i++) {
                            int customer = random.nextInt(CUSTOMERS);
                            try {
                                if (random.nextInt(10) < 7) {
                                    reserve(customer, random.nextInt(RESOURCES));
                                } else {
                                    deleteCustomer(customer);
                                }
                            } catch (StoreCapacityException e) {
                                refused.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "vacation-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            this.failure = failure.get();
            return refused.get();
        }

        /**
         * Every unit is free or held by one reservation, and reservations and customers agree;
         * then, that no call failed with anything but a refusal for capacity.
         */
        void checkIntegrity() {
            Map<Integer, Map<Integer, Long>> booked = new HashMap<>();
            for (Integer customer : customers.keys()) {
                String list = customers.get(customer);
                assertNotNull(list, "customer " + customer + " listed but absent");
                Map<Integer, Long> counts = booked.computeIfAbsent(customer, c -> new HashMap<>());
                for (String resource : list.split(",")) {
                    counts.merge(Integer.parseInt(resource), 1L, Long::sum);
                }
            }
            long[] held = new long[RESOURCES];
            for (String key : reservations.keys()) {
                String[] parts = key.split("/r");
                int customer = Integer.parseInt(parts[0].substring(1));
                int resource = Integer.parseInt(parts[1]);
                Long units = reservations.get(key);
                Map<Integer, Long> counts = booked.get(customer);
                assertNotNull(counts, "reservation " + key + " points at no customer");
                assertEquals(counts.get(resource), units, "reservation " + key + " and customer " + customer
                        + "'s list disagree");
                held[resource] += units;
            }
            for (Map.Entry<Integer, Map<Integer, Long>> customer : booked.entrySet()) {
                for (Integer resource : customer.getValue().keySet()) {
                    assertNotNull(reservations.get(key(customer.getKey(), resource)), "customer "
                            + customer.getKey() + " lists resource " + resource + " without a reservation");
                }
            }
            for (int r = 0; r < RESOURCES; r++) {
                assertEquals(UNITS, free.get(r) + held[r], "units of resource " + r + " lost or created");
            }
            assertNull(reservations.get("no-such-key"));
            if (failure != null) {
                String code = failure instanceof LockstepException l ? " (" + l.code() + ")" : "";
                throw new AssertionError("a call failed with something other than "
                        + ErrorCode.STORE_CAPACITY + ": " + failure + code, failure);
            }
        }

        private static String key(int customer, int resource) {
            return "c" + customer + "/r" + resource;
        }
    }
}
