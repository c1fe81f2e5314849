package dev.lockstep.examples.workloads;

import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;

import java.util.SplittableRandom;

/** Phoenix linear regression: the five sums over generated points, then slope and intercept. */
public final class LinearRegression implements Workload {
    private static final int POINTS = 1_500;
    private final int[] xs = new int[POINTS];
    private final int[] ys = new int[POINTS];

    /** Generates points near y = 3x + 7. */
    public LinearRegression() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < POINTS; i++) {
            xs[i] = random.nextInt(1_000);
            ys[i] = 3 * xs[i] + 7 + random.nextInt(-20, 21);
        }
    }

    @Override
    public String name() {
        return "linear-regression";
    }

    @Override
    public int outputCells() {
        return 7;
    }

    @Override
    public Object run(WorkloadState out) {
        long sx = 0;
        long sy = 0;
        long sxx = 0;
        long syy = 0;
        long sxy = 0;
        for (int i = 0; i < POINTS; i++) {
            long x = xs[i];
            long y = ys[i];
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }
        long n = POINTS;
        long slopeMicros = (n * sxy - sx * sy) * 1_000_000 / (n * sxx - sx * sx);
        long interceptMicros = (sy * 1_000_000 - slopeMicros * sx) / n;
        out.set(0, sx);
        out.set(1, sy);
        out.set(2, sxx);
        out.set(3, syy);
        out.set(4, sxy);
        out.set(5, slopeMicros);
        out.set(6, interceptMicros);
        return slopeMicros;
    }
}
