package dev.lockstep.examples.workloads;

import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;

import java.util.SplittableRandom;

/** Phoenix histogram: 256 bins per colour channel over a generated 24-bit BMP image. */
public final class Histogram implements Workload {
    private static final int WIDTH = 40;
    private static final int HEIGHT = 40;
    private static final int HEADER = 54;
    private final byte[] bmp;

    /** Generates the image: a BMP header (pixel data offset at byte 10) and random pixels. */
    public Histogram() {
        bmp = new byte[HEADER + WIDTH * HEIGHT * 3];
        bmp[0] = 'B';
        bmp[1] = 'M';
        bmp[10] = HEADER;
        SplittableRandom random = new SplittableRandom(11);
        for (int i = HEADER; i < bmp.length; i++) {
            bmp[i] = (byte) random.nextInt(256);
        }
    }

    @Override
    public String name() {
        return "histogram";
    }

    @Override
    public int outputCells() {
        return 3 * 256;
    }

    @Override
    public Object run(WorkloadState out) {
        int offset = (bmp[10] & 0xff) | (bmp[11] & 0xff) << 8;
        int[] bins = new int[3 * 256];
        for (int i = offset; i + 2 < bmp.length; i += 3) {
            bins[bmp[i] & 0xff]++;                  // blue
            bins[256 + (bmp[i + 1] & 0xff)]++;      // green
            bins[512 + (bmp[i + 2] & 0xff)]++;      // red
        }
        long pixels = 0;
        for (int b = 0; b < bins.length; b++) {
            out.set(b, bins[b]);
            pixels += bins[b];
        }
        return pixels / 3;
    }
}
