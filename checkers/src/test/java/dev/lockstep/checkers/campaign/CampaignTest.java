package dev.lockstep.checkers.campaign;

import dev.lockstep.checkers.campaign.fixtures.Countdown;
import dev.lockstep.checkers.campaign.fixtures.Polynomial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 4: the campaign engine's fault models, outcomes, watchdog and reproducibility. */
class CampaignTest {
    private static final String WORKLOAD = Polynomial.class.getName();

    private static CampaignResult run(FaultModel model, Variant variant, int injections, long seed) {
        return Campaign.of(WORKLOAD, model, variant).injections(injections).seed(seed).run(done -> { });
    }

    @Test
    void polynomialWritesWhatAnIndependentEvaluationGives() {
        long sum = 0;
        long max = Long.MIN_VALUE;
        for (long x = 0; x < 200; x++) {
            long y = 7 * x * x * x - 3 * x * x + 5 * x + 2;
            sum += y;
            max = Math.max(max, y);
        }
        assertArrayEquals(new long[] {sum, max, 200, sum % 1_000}, GoldenRuns.plain(new Polynomial()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Variant.class, names = {"DMR", "TMR", "DMR_PARALLEL", "TMR_PARALLEL"})
    void everyHardenedVariantWithoutFaultsCommitsWhatPlainJavaWrites(Variant variant) {
        GoldenRuns.assertHardenedEqualsPlain(new Polynomial(), variant);
        GoldenRuns.assertHardenedEqualsPlain(new Countdown(), variant);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = FaultModel.class, names = {"BITFLIP", "BYTEMASK", "STATE"})
    void plainJavaCorruptsSilentlyAndHardenedVariantsCorrectWithoutSdc(FaultModel model) {
        GoldenRuns.assertHardenedEqualsPlain(new Polynomial(), Variant.DMR);
        GoldenRuns.assertHardenedEqualsPlain(new Polynomial(), Variant.TMR);
        CampaignResult plain = run(model, Variant.UNHARDENED, 300, 5);
        CampaignResult dmr = run(model, Variant.DMR, 300, 5);
        CampaignResult tmr = run(model, Variant.TMR, 300, 5);
        System.out.println(CampaignReport.markdown(java.util.List.of(plain, dmr, tmr)));

        assertTrue(plain.count(Outcome.SDC) > 0, "the fault model must be able to corrupt plain Java");
        assertEquals(0, dmr.count(Outcome.SDC));
        assertEquals(0, tmr.count(Outcome.SDC));
        assertTrue(dmr.count(Outcome.CORRECTED) > 0 && tmr.count(Outcome.CORRECTED) > 0);
        assertTrue(dmr.records().stream().allMatch(InjectionRecord::fired), "every injection lands");
        assertTrue(tmr.records().stream().allMatch(InjectionRecord::fired), "every injection lands");
        assertEquals(300, dmr.injections());
        assertEquals(300, dmr.count(Outcome.CORRECTED) + dmr.count(Outcome.MASKED) + dmr.count(Outcome.DETECTED),
                "each fault that fired is corrected, masked or detected: " + CampaignReport.markdown(java.util.List.of(dmr)));
    }

    @Test
    void theSameSeedInjectsTheSameFaultsAndAnotherSeedOthers() {
        CampaignResult a = run(FaultModel.BITFLIP, Variant.DMR, 50, 9);
        CampaignResult b = run(FaultModel.BITFLIP, Variant.DMR, 50, 9);
        CampaignResult c = run(FaultModel.BITFLIP, Variant.DMR, 50, 10);
        assertEquals(a.records(), b.records());
        assertNotEquals(a.records(), c.records());
    }

    @Test
    void aStickyCoreFoolsSameThreadReplicasAsMuchAsPlainJava() {
        CampaignResult plain = run(FaultModel.STICKY, Variant.UNHARDENED, 64, 3);
        CampaignResult dmr = run(FaultModel.STICKY, Variant.DMR, 64, 3);
        assertTrue(dmr.count(Outcome.SDC) > 0, "replicas on one thread agree on the wrong product");
        assertEquals(plain.count(Outcome.SDC), dmr.count(Outcome.SDC));
        assertEquals(0, dmr.count(Outcome.CORRECTED));
    }

    @Test
    void parallelReplicasCatchEveryStickyFaultThatSameThreadReplicasLetThrough() {
        CampaignResult dmr = run(FaultModel.STICKY, Variant.DMR, 64, 3);
        CampaignResult dmrParallel = run(FaultModel.STICKY, Variant.DMR_PARALLEL, 64, 3);
        CampaignResult tmrParallel = run(FaultModel.STICKY, Variant.TMR_PARALLEL, 64, 3);
        long letThrough = dmr.count(Outcome.SDC);
        assertTrue(letThrough > 0, "same-thread replicas agree on the wrong product");

        assertEquals(0, dmrParallel.count(Outcome.SDC));
        assertEquals(letThrough, dmrParallel.count(Outcome.CORRECTED),
                "the trailer on another core disagrees, and the retry's pair runs off the faulty thread");
        assertEquals(0, tmrParallel.count(Outcome.SDC));
        assertEquals(letThrough, tmrParallel.count(Outcome.CORRECTED), "two healthy replicas outvote the leader");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = FaultModel.class, names = {"BITFLIP", "STATE"})
    void parallelVariantsLetNoTransientFaultThrough(FaultModel model) {
        GoldenRuns.assertHardenedEqualsPlain(new Polynomial(), Variant.DMR_PARALLEL);
        CampaignResult plain = run(model, Variant.UNHARDENED, 200, 8);
        CampaignResult dmrParallel = run(model, Variant.DMR_PARALLEL, 200, 8);
        assertTrue(plain.count(Outcome.SDC) > 0);
        assertEquals(0, dmrParallel.count(Outcome.SDC));
        assertTrue(dmrParallel.count(Outcome.CORRECTED) > 0);
    }

    @Test
    void aFaultThatMakesTheRunLoopIsAHangNotAStuckCampaign() {
        String countdown = Countdown.class.getName();
        CampaignResult plain = Campaign.of(countdown, FaultModel.BITFLIP, Variant.UNHARDENED).injections(200).seed(21).run(d -> { });
        CampaignResult dmr = Campaign.of(countdown, FaultModel.BITFLIP, Variant.DMR).injections(200).seed(21).run(d -> { });
        assertTrue(plain.count(Outcome.HANG) > 0, "a flipped loop bound must show up as a hang");
        GoldenRuns.assertHardenedEqualsPlain(new Countdown(), Variant.DMR);
        assertEquals(0, dmr.count(Outcome.HANG), "a hung replica is abandoned and the call retried");
        assertEquals(0, dmr.count(Outcome.SDC));
        assertTrue(dmr.count(Outcome.CORRECTED) > 0, "some flipped loops were retried and corrected");
    }

    @Test
    void theGoldenRunCountsSitesAndStateAccessesPerReplica() {
        CampaignResult plain = run(FaultModel.BITFLIP, Variant.UNHARDENED, 1, 1);
        CampaignResult dmr = run(FaultModel.BITFLIP, Variant.DMR, 1, 1);
        CampaignResult tmr = run(FaultModel.BITFLIP, Variant.TMR, 1, 1);
        assertTrue(plain.goldenSites() > 1_000, "sites: " + plain.goldenSites());
        assertEquals(2 * plain.goldenSites(), dmr.goldenSites());
        assertEquals(3 * plain.goldenSites(), tmr.goldenSites());
        assertEquals(5, plain.goldenStateAccesses(), "four writes and the read of add");
        assertEquals(10, dmr.goldenStateAccesses());
    }

    @Test
    void aClassThatIsNotAWorkloadIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Campaign.of("java.lang.String", FaultModel.BITFLIP, Variant.DMR).run(done -> { }));
        assertTrue(e.getMessage().contains("must implement"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Campaign.of(WORKLOAD, FaultModel.STATE, Variant.DMR).injections(0));
        assertEquals(FaultModel.BYTEMASK, FaultModel.byName("bytemask"));
        assertThrows(IllegalArgumentException.class, () -> FaultModel.byName("cosmic-ray"));
    }
}
