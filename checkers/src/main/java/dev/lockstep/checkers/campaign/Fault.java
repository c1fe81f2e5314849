package dev.lockstep.checkers.campaign;

import java.util.SplittableRandom;

/**
 * One injection's fault, drawn from the seed and the injection's index, so that both are
 * enough to reproduce it. Campaigns and {@link InjectFaults} draw and arm faults here.
 *
 * @param model      the fault model
 * @param target     the dynamic site or state access aimed at; -1 for the sticky model
 * @param mask       the bits XORed into a 64-bit value (the sticky model's wrong bits)
 * @param intMask    the bits XORed into a 32-bit value
 */
record Fault(FaultModel model, long target, long mask, int intMask) {

    static Fault draw(FaultModel model, long seed, int index, long sites, long stateAccesses) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        switch (model) {
            case BITFLIP -> {
                int bit = random.nextInt(Long.SIZE);
                return new Fault(model, random.nextLong(Math.max(1, sites)), 1L << bit, 1 << (bit & 31));
            }
            case BYTEMASK -> {
                long target = random.nextLong(Math.max(1, sites));
                int mask = 1 + random.nextInt(255);
                return new Fault(model, target, mask, mask);
            }
            case STATE -> {
                long target = random.nextLong(Math.max(1, stateAccesses));
                return new Fault(model, target, 1L << random.nextInt(Long.SIZE), 0);
            }
            default -> {
                return new Fault(model, -1, 1L << random.nextInt(Long.SIZE), 0);
            }
        }
    }

    /** Arms the injector (and, for the state model, the state faults) on this thread. */
    void arm(StateFaults state, long budget) {
        switch (model) {
            case STATE -> {
                Injector.arm(Injector.Mode.COUNT, -1, 0, 0, 0, budget);
                state.arm(target, mask);
            }
            case STICKY -> Injector.arm(Injector.Mode.STICKY, -1, 0, 0, mask, budget);
            default -> Injector.arm(Injector.Mode.FLIP, target, mask, intMask, 0, budget);
        }
    }

    boolean fired(StateFaults state) {
        return model == FaultModel.STATE ? state.fired() : Injector.fired();
    }
}
