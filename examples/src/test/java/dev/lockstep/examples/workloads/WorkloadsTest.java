package dev.lockstep.examples.workloads;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.LintMode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.checkers.campaign.Campaign;
import dev.lockstep.checkers.campaign.CampaignResult;
import dev.lockstep.checkers.campaign.FaultModel;
import dev.lockstep.checkers.campaign.InjectionRecord;
import dev.lockstep.checkers.campaign.Outcome;
import dev.lockstep.checkers.campaign.States;
import dev.lockstep.checkers.campaign.Variant;
import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;
import dev.lockstep.examples.campaign.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each workload computes what it claims, deterministically; hardened without faults it commits
 * what plain Java writes; under injected bit flips it corrects some and lets none through.
 */
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
        // The workload's inputs, drawn here the way its constructor draws them (seed 14).
        int n = 14;
        long[][] a = new long[n][n];
        long[][] b = new long[n][n];
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < n * n; i++) {
            a[i / n][i % n] = random.nextInt(-100, 101);
            b[i / n][i % n] = random.nextInt(-100, 101);
        }
        long[] product = new long[n * n];
        long trace = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    product[i * n + j] += a[i][k] * b[k][j];
                }
            }
            trace += product[i * n + i];
        }
        MatrixMultiply m = new MatrixMultiply();
        Sink sink = new Sink(m.outputCells());
        assertEquals(trace, m.run(sink), "the trace");
        assertArrayEquals(product, sink.cells);
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
    void hardenedCommitsWhatPlainJavaWritesAndCorrectsBitFlipsWithoutSdc(String name) throws Exception {
        Workload w = (Workload) Class.forName(Workloads.className(name)).getDeclaredConstructor().newInstance();
        assertEquals(name, w.name());
        long[] golden = runPlain(w);
        assertArrayEquals(golden, runPlain(w), "deterministic");

        // The campaign compares each injected run with its own fault-free hardened run; that
        // run must equal plain Java, or "no SDC" would mean nothing.
        try (StateStore store = Lockstep.inMemoryStore()) {
            LongCells cells = store.longCells("golden", w.outputCells());
            Hardener h = Lockstep.builder().name("workloads-golden").lint(LintMode.OFF).build();
            Object result = h.call(() -> w.run(States.of(cells)));
            assertArrayEquals(golden, cells.snapshot(), "hardened without faults commits what plain Java writes");
            assertEquals(w.run(new Sink(w.outputCells())), result, "and returns what plain Java returns");
            assertEquals(0, h.stats().mismatches(), h.stats().toString());
        }

        CampaignResult plain = Campaign.of(Workloads.className(name), FaultModel.BITFLIP, Variant.UNHARDENED)
                .injections(60).seed(4).run(done -> { });
        CampaignResult dmr = Campaign.of(Workloads.className(name), FaultModel.BITFLIP, Variant.DMR)
                .injections(60).seed(4).run(done -> { });
        assertTrue(plain.count(Outcome.SDC) + plain.count(Outcome.CRASH) > 0, "faults matter to " + name);
        assertEquals(0, dmr.count(Outcome.SDC), name);
        assertTrue(dmr.count(Outcome.CORRECTED) > 0, "some flips were caught and retried in " + name);
        assertTrue(dmr.records().stream().allMatch(InjectionRecord::fired), "every injection lands in " + name);
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
