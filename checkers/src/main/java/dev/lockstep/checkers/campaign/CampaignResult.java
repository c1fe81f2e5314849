package dev.lockstep.checkers.campaign;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The injections of one campaign (one workload, model and variant) and their tally.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public final class CampaignResult {
    private final String workload;
    private final FaultModel model;
    private final Variant variant;
    private final long goldenSites;
    private final long goldenStateAccesses;
    private final List<InjectionRecord> records;
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);

    CampaignResult(String workload, FaultModel model, Variant variant, long goldenSites,
                   long goldenStateAccesses, List<InjectionRecord> records) {
        this.workload = workload;
        this.model = model;
        this.variant = variant;
        this.goldenSites = goldenSites;
        this.goldenStateAccesses = goldenStateAccesses;
        this.records = List.copyOf(records);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        for (InjectionRecord r : records) {
            counts.merge(r.outcome(), 1, Integer::sum);
        }
    }

    /** @return the workload's name */
    public String workload() {
        return workload;
    }

    /** @return the fault model */
    public FaultModel model() {
        return model;
    }

    /** @return the variant */
    public Variant variant() {
        return variant;
    }

    /** @return fault sites the golden run executed (all replicas) */
    public long goldenSites() {
        return goldenSites;
    }

    /** @return state reads and writes the golden run made (all replicas) */
    public long goldenStateAccesses() {
        return goldenStateAccesses;
    }

    /** @return every injection, in index order */
    public List<InjectionRecord> records() {
        return records;
    }

    /**
     * Returns how many injections had an outcome.
     *
     * @param outcome the outcome
     * @return the count
     */
    public int count(Outcome outcome) {
        return counts.get(outcome);
    }

    /** @return the number of injections */
    public int injections() {
        return records.size();
    }

    /** @return the fraction of injections that ended in silent data corruption */
    public double sdcRate() {
        return records.isEmpty() ? 0 : (double) count(Outcome.SDC) / records.size();
    }

    /**
     * Returns the Wilson score 95% interval of the SDC rate (Commons Math).
     *
     * @return {low, high}
     */
    public double[] sdcInterval95() {
        if (records.isEmpty()) {
            return new double[] {0, 1};
        }
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval(records.size(), count(Outcome.SDC), 0.95);
        return new double[] {Math.max(0, ci.getLowerBound()), Math.min(1, ci.getUpperBound())};
    }
}
