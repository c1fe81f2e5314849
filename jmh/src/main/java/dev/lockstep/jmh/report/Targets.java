package dev.lockstep.jmh.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Targets table of issue 12: each measured value computed from the scores the tables above
 * it print (never typed in), beside its goal and verdict, "met" or "missed by N×".
 *
 * <p><b>Note:</b> not thread-safe; one instance writes one table.
 */
final class Targets {
    /** The state-heavy workload, held to its own DMR goal rather than the kernels'. */
    static final String STATE_HEAVY = "ledger";
    /** Below this plain-Java time per call, a parallel replica cannot pay for its hand-off: no target. */
    static final double PARALLEL_FLOOR_MICROS = 5;

    private final StringBuilder rows = new StringBuilder();

    private Targets() {
    }

    /**
     * Writes the Targets section.
     *
     * @param transfers    the transfer rows on one thread, 2 and 10 cells, in that order
     * @param phoenix      the Phoenix rows, ledger included
     * @param oneCellWrite DMR writing one cell ({@code WriteSetBenchmark})
     * @return the section's Markdown
     */
    static String markdown(List<Row> transfers, List<Row> phoenix, Result oneCellWrite) {
        if (transfers.size() != 2) {
            throw new IllegalArgumentException("want the 2- and 10-cell transfers, got " + transfers.size() + " rows");
        }
        Targets t = new Targets();
        t.ratio(transfers.get(0).label() + ", DMR / Multiverse", transfers.get(0).dmr(), transfers.get(0).baseline(), 1.5);
        t.ratio(transfers.get(1).label() + ", DMR / Multiverse", transfers.get(1).dmr(), transfers.get(1).baseline(), 1.2);
        Row stateHeavy = null;
        for (Row w : phoenix) {
            if (w.label().equals(STATE_HEAVY)) {
                stateHeavy = w;
            } else {
                t.ratio(w.label() + ", DMR sequential / plain Java", w.dmr(), w.plain(), 2.1);
            }
        }
        if (stateHeavy == null) {
            throw new IllegalArgumentException("no " + STATE_HEAVY + " row among the Phoenix workloads");
        }
        t.ratio(STATE_HEAVY + " (state-heavy), DMR sequential / plain Java", stateHeavy.dmr(), stateHeavy.plain(), 4);

        List<Row> all = new ArrayList<>(phoenix);
        all.addAll(transfers);
        for (Row w : all) {
            t.ratio(w.label() + ", TMR / DMR sequential", w.tmr(), w.dmr(), 1.5);
        }
        List<String> belowFloor = new ArrayList<>();
        for (Row w : all) {
            if (w.plain().micros() >= PARALLEL_FLOOR_MICROS) {
                t.ratio(w.label() + ", DMR parallel / plain Java", w.parallel(), w.plain(), 1.3);
            } else {
                belowFloor.add(w.label() + " (" + time(w.plain().micros()) + ")");
            }
        }
        for (Row w : all) {
            t.ratio(w.label() + ", ADAPTIVE / SEQUENTIAL (dmr-adaptive / dmr)", w.adaptive(), w.dmr(), 1.1);
        }
        double bytes = oneCellWrite.allocated();
        t.rows.append("| allocation per call beyond the write set (DMR, 1-cell write, `gc.alloc.rate.norm`) | ")
                .append(Row.bytes(bytes)).append(" B | ≤ 64 B | ").append(verdict(bytes, 64)).append(" |\n");

        return "\n## Targets\n\nEach value is computed from the scores in the tables above, in this run.\n\n"
                + "| target | measured | goal | verdict |\n|---|---:|---|---|\n" + t.rows
                + "\nDMR parallel / plain Java is a target only for workloads whose plain call takes at least "
                + number(PARALLEL_FLOOR_MICROS) + " us; below it in this run: "
                + (belowFloor.isEmpty() ? "none" : String.join(", ", belowFloor)) + ".\n";
    }

    private void ratio(String what, Result of, Result per, double goal) {
        double measured = of.score() / per.score();
        rows.append("| ").append(what).append(" | ").append(Row.ratio(measured)).append(" | ≤ ").append(number(goal))
                .append(" | ").append(verdict(measured, goal)).append(" |\n");
    }

    /**
     * Returns "met" when {@code measured} is within {@code goal}, else by how many times it is over.
     *
     * @param measured the value
     * @param goal     the most it may be
     * @return the verdict
     */
    static String verdict(double measured, double goal) {
        if (Double.isNaN(measured)) {
            return "not measured";
        }
        return measured <= goal ? "met" : String.format(Locale.ROOT, "missed by %.2f×", measured / goal);
    }

    private static String time(double micros) {
        return micros < 1 ? String.format(Locale.ROOT, "%.1f ns", micros * 1_000)
                : String.format(Locale.ROOT, "%.2f us", micros);
    }

    private static String number(double goal) {
        return BigDecimal.valueOf(goal).stripTrailingZeros().toPlainString();
    }
}
