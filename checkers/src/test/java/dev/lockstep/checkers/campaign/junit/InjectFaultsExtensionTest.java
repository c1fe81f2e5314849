package dev.lockstep.checkers.campaign.junit;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** Issue 4: @InjectFaults passes tests whose hardened calls survive, fails those with SDC. */
class InjectFaultsExtensionTest {

    private static Events run(String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(InjectFaultsFixture.class, method))
                .execute().testEvents();
    }

    @Test
    void aHardenedTestSurvivesBitFlipsInItsCode() {
        Events events = run("hardenedSettlementSurvivesBitFlips");
        assertEquals(1, events.succeeded().count(), events.failed().stream()
                .map(e -> e.getPayload().toString()).findFirst().orElse(""));
        String summary = summaryOf("hardenedSettlementSurvivesBitFlips");
        assertTrue(summary.matches("80 bitflip injections into \\w+ \\([1-9][0-9]* sites.*"),
                "the code under test was instrumented: " + summary);
    }

    @Test
    void aTestWithoutHardenedCallsIntoThePackageIsToldSo() {
        Events events = run("noHardenedCall");
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertTrue(failure.getMessage().contains("found nothing to inject into"), failure.getMessage());
    }

    private static String summaryOf(String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(InjectFaultsFixture.class, method))
                .execute().allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).orElseThrow()
                        .getKeyValuePairs().get("lockstep.injections"))
                .findFirst().orElse("");
    }

    @Test
    void aTmrTestSurvivesStateFlips() {
        Events events = run("hardenedSettlementSurvivesStateFlips");
        assertEquals(1, events.succeeded().count(), events.failed().stream()
                .map(e -> e.getPayload().toString()).findFirst().orElse(""));
    }

    @Test
    void silentDataCorruptionFailsTheTestAndSaysHowToReplayIt() {
        Events events = run("anUnreplicatedTransactionLetsACorruptedLoadThrough");
        assertEquals(1, events.failed().count());
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertTrue(failure.getMessage().contains("ended in silent data corruption"), failure.getMessage());
        assertTrue(failure.getMessage().contains("(seed 3, target "), failure.getMessage());
    }
}
