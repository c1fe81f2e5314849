package dev.lockstep.examples.workloads;

import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;

import java.util.SplittableRandom;

/** Phoenix matrix multiply: C = A x B for generated 14 x 14 long matrices. */
public final class MatrixMultiply implements Workload {
    private static final int N = 14;
    private final long[] a = new long[N * N];
    private final long[] b = new long[N * N];

    /** Generates A and B with small entries. */
    public MatrixMultiply() {
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < N * N; i++) {
            a[i] = random.nextInt(-100, 101);
            b[i] = random.nextInt(-100, 101);
        }
    }

    @Override
    public String name() {
        return "matrix-multiply";
    }

    @Override
    public int outputCells() {
        return N * N;
    }

    @Override
    public Object run(WorkloadState out) {
        long trace = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                long sum = 0;
                for (int k = 0; k < N; k++) {
                    sum += a[i * N + k] * b[k * N + j];
                }
                out.set(i * N + j, sum);
                if (i == j) {
                    trace += sum;
                }
            }
        }
        return trace;
    }
}
