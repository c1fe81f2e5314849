package dev.lockstep.checkers.lint;

import dev.lockstep.checkers.lint.fixtures.LintFixtures;
import dev.lockstep.checkers.lint.fixtures.Services;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lint as a build uses it: check a class, assert it clean. */
class LockstepLintTest {

    @Test
    void aCleanServicePasses() {
        LockstepLint.assertClean(Services.Clean.class);
        LintReport report = LockstepLint.check(Services.Clean.class);
        assertEquals(java.util.List.of(Services.Clean.class.getName() + ".stamp"), report.methods());
        assertTrue(report.findings().isEmpty(), report.toString());
    }

    @Test
    void aDirtyServiceFailsWithEveryFindingListed() {
        AssertionError e = assertThrows(AssertionError.class, () -> LockstepLint.assertClean(Services.Dirty.class));
        assertTrue(e.getMessage().startsWith("Lockstep lint: 3 @Hardened method(s), 3 error(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("ERROR [io] " + Services.Dirty.class.getName() + ".refused(Services.java:"),
                e.getMessage());
    }

    @Test
    void theReportCountsEveryFixtureRule() {
        LintReport report = LockstepLint.check(LintFixtures.class);
        for (String rule : new String[] {"time-and-randomness", "io", "blocking-and-locks",
                "static-write", "escaping-write", "opaque-call"}) {
            assertTrue(report.has(rule), rule + " missing from\n" + report);
        }
        assertTrue(!report.isClean());
    }

    @Test
    void aClassWithoutHardenedMethodsIsAMistake() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LockstepLint.check(String.class));
        assertTrue(e.getMessage().contains("declares no @Hardened method"), e.getMessage());
    }
}
