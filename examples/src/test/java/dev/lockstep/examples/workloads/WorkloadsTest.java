package dev.lockstep.examples.workloads;

import dev.lockstep.checkers.campaign.Campaign;
import dev.lockstep.checkers.campaign.CampaignResult;
import dev.lockstep.checkers.campaign.FaultModel;
import dev.lockstep.checkers.campaign.Outcome;
import dev.lockstep.checkers.campaign.Variant;
import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;
import dev.lockstep.examples.campaign.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each workload computes what it claims (its golden check), deterministically, and hardens. */
class WorkloadsTest {

    private static long[] runPlain(Workload w) {
        Sink sink = new Sink(w.outputCells());
        w.run(sink);
        return sink.cells;
    }

    @Test
    void histogramCountsEveryPixelOncePerChannel() {
        long[] bins = runPlain(new Histogram());
        for (int channel = 0; channel < 3; channel++) {
            assertEquals(40 * 40, Arrays.stream(bins, 256 * channel, 256 * (channel + 1)).sum());
        }
    }

    @Test
    void linearRegressionFindsTheGeneratingLine() {
        long[] out = runPlain(new LinearRegression());
        assertEquals(3.0, out[5] / 1e6, 0.05, "slope");
        assertEquals(7.0, out[6] / 1e6, 3.0, "intercept");
    }

    @Test
    void kmeansAssignsEveryPointToAClusterNearAGeneratingCentre() {
        long[] out = runPlain(new KMeans());
        long points = 0;
        for (int c = 0; c < 4; c++) {
            points += out[3 * c + 2];
        }
        assertEquals(300, points);
        assertTrue(Arrays.asList(100L, 900L, 500L, 150L).contains(Math.round(out[0] / 50.0) * 50), "centre x " + out[0]);
    }

    @Test
    void matrixMultiplyMatchesADirectProduct() {
        MatrixMultiply m = new MatrixMultiply();
        long[] c = runPlain(m);
        assertEquals(14 * 14, c.length);
        assertTrue(Arrays.stream(c).anyMatch(v -> v != 0));
        assertEquals(m.run(new Sink(c.length)), m.run(new Sink(c.length)), "deterministic trace");
    }

    @Test
    void wordCountCountsEveryGeneratedWord() {
        assertEquals(500, Arrays.stream(runPlain(new WordCount())).sum());
    }

    @Test
    void stringMatchFindsSomeKeys() {
        long[] out = runPlain(new StringMatch());
        long found = out[0] + out[2] + out[4] + out[6];
        assertTrue(found > 10 && found < 100, "about one word in ten is a key: " + found);
    }

    @Test
    void ledgerTransfersConserveMoney() {
        assertEquals(32 * 1_000, Arrays.stream(runPlain(new LedgerTransfers())).sum());
    }

    static Stream<String> names() {
        return Workloads.all().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void isDeterministicAndHardenedLeavesNoSilentCorruption(String name) throws Exception {
        Workload w = (Workload) Class.forName(Workloads.className(name)).getDeclaredConstructor().newInstance();
        assertEquals(name, w.name());
        assertArrayEquals(runPlain(w), runPlain(w));
        CampaignResult plain = Campaign.of(Workloads.className(name), FaultModel.BITFLIP, Variant.UNHARDENED)
                .injections(60).seed(4).run(done -> { });
        CampaignResult dmr = Campaign.of(Workloads.className(name), FaultModel.BITFLIP, Variant.DMR)
                .injections(60).seed(4).run(done -> { });
        assertTrue(plain.count(Outcome.SDC) + plain.count(Outcome.CRASH) > 0, "faults matter to " + name);
        assertEquals(0, dmr.count(Outcome.SDC), name);
    }

    /** A throwaway plain state. */
    private static final class Sink implements WorkloadState {
        private final long[] cells;

        Sink(int n) {
            cells = new long[n];
        }

        @Override
        public long get(int index) {
            return cells[index];
        }

        @Override
        public void set(int index, long value) {
            cells[index] = value;
        }

        @Override
        public int length() {
            return cells.length;
        }
    }
}
