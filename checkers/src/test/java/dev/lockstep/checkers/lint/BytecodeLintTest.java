package dev.lockstep.checkers.lint;

import dev.lockstep.api.spi.LintFinding;
import dev.lockstep.api.spi.LintFinding.Severity;
import dev.lockstep.checkers.lint.fixtures.LintFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 3: each lint rule has a fixture that triggers it and one that does not. */
class BytecodeLintTest {
    private final BytecodeLint lint = new BytecodeLint();

    private static Method fixture(String name) {
        return Arrays.stream(LintFixtures.class.getDeclaredMethods())
                .filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no fixture " + name));
    }

    private List<LintFinding> check(String name) {
        return lint.check(fixture(name));
    }

    private static String describe(List<LintFinding> findings) {
        return findings.stream().map(LintFinding::toString).collect(Collectors.joining("\n"));
    }

    @ParameterizedTest(name = "{0} breaks {1}")
    @CsvSource({
            "readsNanoTime, time-and-randomness",
            "newRandom, time-and-randomness",
            "uuid, time-and-randomness",
            "instantNow, time-and-randomness",
            "timeDeepDown, time-and-randomness",
            "timeInALambda, time-and-randomness",
            "printsDirectly, io",
            "readsFile, io",
            "sleeps, blocking-and-locks",
            "synchronizedBlock, blocking-and-locks",
            "synchronizedMethod, blocking-and-locks",
            "locks, blocking-and-locks",
            "writesStatic, static-write",
            "writesThisField, escaping-write",
            "writesParameterField, escaping-write",
            "writesParameterArray, escaping-write",
            "writesArrayHeldByParameter, escaping-write",
            "writesThroughHelper, escaping-write",
            "passesParameterToMutator, escaping-write",
    })
    void triggersTheRuleAsAnError(String method, String rule) {
        List<LintFinding> findings = check(method);
        assertTrue(findings.stream().anyMatch(f -> f.rule().equals(rule) && f.severity() == Severity.ERROR),
                method + " should break " + rule + ", found:\n" + describe(findings));
    }

    @ParameterizedTest(name = "{0} is clean")
    @ValueSource(strings = {"usesNondet", "seededRandom", "nondetUuid", "printsAfterCommit",
            "writesToAStringWriter", "throwsIOException", "readsStatic", "writesLocalArray",
            "writesNewObject", "cleanHelper"})
    void cleanCounterpartHasNoFinding(String method) {
        List<LintFinding> findings = check(method);
        assertTrue(findings.isEmpty(), method + " should be clean, found:\n" + describe(findings));
    }

    @ParameterizedTest(name = "{0} is an opaque call")
    @ValueSource(strings = {"reflects", "callsAnInterface", "callsASupplier"})
    void whatTheLintCannotSeeIntoIsAWarning(String method) {
        List<LintFinding> findings = check(method);
        assertTrue(!findings.isEmpty() && findings.stream().allMatch(
                f -> f.rule().equals("opaque-call") && f.severity() == Severity.WARNING), describe(findings));
    }

    @Test
    void findingsNameClassMethodAndLine() throws Exception {
        LintFinding f = check("readsNanoTime").get(0);
        int line = lineOf("return System.nanoTime();");
        assertEquals("dev.lockstep.checkers.lint.fixtures.LintFixtures.readsNanoTime(LintFixtures.java:" + line + ")",
                f.where());
        assertTrue(f.message().contains("Nondet"), f.message());
    }

    @Test
    void findingsDeepDownShowThePath() {
        LintFinding f = check("timeDeepDown").get(0);
        assertTrue(f.where().contains("LintFixtures.level2("), f.where());
        assertEquals("dev.lockstep.checkers.lint.fixtures.LintFixtures.timeDeepDown"
                + " -> dev.lockstep.checkers.lint.fixtures.LintFixtures.level1", f.path());
        assertTrue(check("readsNanoTime").get(0).path().isEmpty(), "in the @Hardened method itself");
    }

    @Test
    void theDepthIsBoundedAndTheBoundIsReported() {
        List<LintFinding> shallow = new BytecodeLint(1).check(fixture("timeDeepDown"));
        assertEquals(1, shallow.size(), describe(shallow));
        assertEquals("opaque-call", shallow.get(0).rule());
        assertTrue(shallow.get(0).message().contains("deeper than the lint looks (1 calls)"), describe(shallow));
    }

    private static int lineOf(String text) throws Exception {
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                "src/test/java/dev/lockstep/checkers/lint/fixtures/LintFixtures.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }
}
