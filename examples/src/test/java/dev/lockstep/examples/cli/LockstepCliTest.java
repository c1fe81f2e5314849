package dev.lockstep.examples.cli;

import dev.lockstep.examples.ledger.LedgerService;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's commands, exit codes and errors. */
class LockstepCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new LockstepCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void lintPassesTheLedgerService() {
        assertEquals(0, run("lint", LedgerService.class.getName()), out + "" + err);
        assertTrue(out.toString().contains("3 @Hardened method(s), 0 error(s)"), out.toString());
    }

    @Test
    void lintFailsAServiceWithErrors() {
        assertEquals(1, run("lint", BadService.class.getName()), out + "" + err);
        assertTrue(out.toString().contains("ERROR [time-and-randomness]"), out.toString());
        assertTrue(out.toString().contains("BadService.stamp(LockstepCliTest.java:"), out.toString());
    }

    @Test
    void lintNamesAMissingClass() {
        assertEquals(2, run("lint", "com.example.Nope"));
        assertTrue(err.toString().contains("no class com.example.Nope on the class path"), err.toString());
    }

    @Test
    void demoRunsWithOptions() {
        assertEquals(0, run("demo", "--transfers", "500", "--seed", "3"), err.toString());
        assertTrue(out.toString().contains("Invariant: total = 16,000, expected 16,000: OK"), out.toString());
    }

    @Test
    void badUsageIsExplained() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("name a command: demo, lint, campaign or kv"), err.toString());
        assertEquals(2, run("demo", "--flip-rate", "2"));
        assertTrue(err.toString().contains("--flip-rate between 0 and 1"), err.toString());
    }

    @Test
    void campaignWritesTheReportTheCsvAndAChart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        assertEquals(0, run("campaign", "--workload", "ledger", "--model", "state", "--variant", "dmr",
                "--injections", "25", "--seed", "2", "--out", dir.toString(), "--no-progress"), err.toString());
        assertTrue(out.toString().contains("| ledger | state | dmr | 25 | 0 | 25 | 0 | 0 | 0 | 0 |"), out.toString());
        String report = java.nio.file.Files.readString(dir.resolve("REPORT.md"));
        assertTrue(report.contains("campaign --workload ledger --model state --variant dmr --injections 25 --seed 2"), report);
        assertTrue(report.contains("![ledger.png](ledger.png)"), report);
        assertEquals(26, java.nio.file.Files.readAllLines(dir.resolve("injections.csv")).size());
        assertTrue(java.nio.file.Files.size(dir.resolve("ledger.png")) > 5_000);
    }

    @Test
    void campaignRejectsUnknownNames() {
        assertEquals(2, run("campaign", "--workload", "fizzbuzz"));
        assertTrue(err.toString().contains("no workload 'fizzbuzz'"), err.toString());
        assertEquals(2, run("campaign", "--model", "cosmic"));
        assertTrue(err.toString().contains("use bitflip, bytemask, state or sticky"), err.toString());
    }

    /** Reads the clock directly: the lint must say so. */
    static final class BadService {
        @dev.lockstep.api.Hardened
        long stamp() {
            return System.currentTimeMillis();
        }
    }
}
