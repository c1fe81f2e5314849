package dev.lockstep.jmh.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One workload's line in the transfer or Phoenix table: its measured state accesses, and its
 * scores variant by variant. The tables print these scores and the targets are computed from
 * the same ones, so every target can be recomputed from the tables.
 *
 * <p><b>Note:</b> an immutable record, thread-safe.
 *
 * @param label    the workload, as the targets name it
 * @param accesses reads and writes per call, e.g. {@code 3 / 2}
 * @param plain    plain Java
 * @param baseline what the Lockstep ratios divide by: Multiverse for transfers, plain Java otherwise
 * @param stm      one replica: the transaction alone
 * @param dmr      DMR, sequential
 * @param adaptive DMR, {@code Execution.ADAPTIVE}
 * @param tmr      TMR, sequential
 * @param parallel DMR, {@code Execution.PARALLEL}
 */
record Row(String label, String accesses, Result plain, Result baseline, Result stm, Result dmr, Result adaptive,
           Result tmr, Result parallel) {

    /**
     * Returns the cells of the table row, after the row's own leading columns: accesses, the
     * scores (with the baseline's after plain Java's when it is another), the ratios to the
     * baseline, {@code dmr / stm}, and DMR's bytes per call.
     *
     * @return the cells
     */
    List<String> cells() {
        List<String> cells = new ArrayList<>(List.of(accesses, fmt(plain)));
        if (baseline != plain) {
            cells.add(fmt(baseline));
        }
        cells.addAll(List.of(fmt(stm), fmt(dmr), fmt(adaptive), fmt(tmr), fmt(parallel),
                ratio(stm, baseline), ratio(dmr, baseline), ratio(adaptive, baseline), ratio(tmr, baseline),
                ratio(parallel, baseline), ratio(dmr, stm), bytes(dmr.allocated())));
        return cells;
    }

    /**
     * Divides one score by another, formatted as the tables print ratios.
     *
     * @param of  the numerator
     * @param per the denominator
     * @return the ratio, two decimals
     */
    static String ratio(Result of, Result per) {
        return ratio(of.score() / per.score());
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    static String fmt(Result r) {
        // A single measurement iteration has no error estimate: JMH reports NaN.
        return Double.isNaN(r.error()) ? String.format(Locale.ROOT, "%.1f", r.score())
                : String.format(Locale.ROOT, "%.1f ± %.1f", r.score(), r.error());
    }

    static String bytes(double b) {
        return Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%.0f", b);
    }
}
