package dev.lockstep.examples.workloads;

import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;

import java.util.SplittableRandom;

/** Phoenix k-means: 4 clusters of 2-D integer points, a fixed number of iterations. */
public final class KMeans implements Workload {
    private static final int POINTS = 300;
    private static final int K = 4;
    private static final int ITERATIONS = 5;
    private final long[] px = new long[POINTS];
    private final long[] py = new long[POINTS];

    /** Generates points around four centres. */
    public KMeans() {
        SplittableRandom random = new SplittableRandom(13);
        long[][] centres = {{100, 100}, {900, 150}, {500, 800}, {150, 700}};
        for (int i = 0; i < POINTS; i++) {
            long[] c = centres[i % K];
            px[i] = c[0] + random.nextInt(-80, 81);
            py[i] = c[1] + random.nextInt(-80, 81);
        }
    }

    @Override
    public String name() {
        return "kmeans";
    }

    @Override
    public int outputCells() {
        return 3 * K;
    }

    @Override
    public Object run(WorkloadState out) {
        long[] cx = new long[K];
        long[] cy = new long[K];
        for (int c = 0; c < K; c++) {
            cx[c] = px[c];
            cy[c] = py[c];
        }
        int[] sizes = new int[K];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            long[] sumX = new long[K];
            long[] sumY = new long[K];
            sizes = new int[K];
            for (int i = 0; i < POINTS; i++) {
                int best = 0;
                long bestDistance = Long.MAX_VALUE;
                for (int c = 0; c < K; c++) {
                    long dx = px[i] - cx[c];
                    long dy = py[i] - cy[c];
                    long distance = dx * dx + dy * dy;
                    if (distance < bestDistance) {
                        bestDistance = distance;
                        best = c;
                    }
                }
                sumX[best] += px[i];
                sumY[best] += py[i];
                sizes[best]++;
            }
            for (int c = 0; c < K; c++) {
                if (sizes[c] > 0) {
                    cx[c] = sumX[c] / sizes[c];
                    cy[c] = sumY[c] / sizes[c];
                }
            }
        }
        for (int c = 0; c < K; c++) {
            out.set(3 * c, cx[c]);
            out.set(3 * c + 1, cy[c]);
            out.set(3 * c + 2, sizes[c]);
        }
        return (long) sizes[0];
    }
}
