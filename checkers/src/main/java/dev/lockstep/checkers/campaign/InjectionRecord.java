package dev.lockstep.checkers.campaign;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One injection and its outcome: a row of the campaign's CSV. Reproducible: the same workload,
 * model, variant, seed and index inject the same fault.
 *
 * @param workload the workload's name
 * @param model    the fault model's CLI name
 * @param variant  unhardened, dmr or tmr
 * @param seed     the campaign's seed
 * @param index    the injection's index within the campaign
 * @param target   the dynamic instance aimed at (sites or state accesses; -1 for sticky)
 * @param mask     the bits flipped, in hex
 * @param fired    whether the fault was actually applied during the run
 * @param outcome  what it led to
 * @param detail   the exception that ended the run, if any
 */
@JsonPropertyOrder({"workload", "model", "variant", "seed", "index", "target", "mask", "fired", "outcome", "detail"})
public record InjectionRecord(String workload, String model, String variant, long seed, int index,
                              long target, String mask, boolean fired, Outcome outcome, String detail) {
}
