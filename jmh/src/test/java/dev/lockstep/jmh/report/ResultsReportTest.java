package dev.lockstep.jmh.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report computes ratios and the Targets table from JMH's JSON and the counted accesses, and draws the chart. */
class ResultsReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LOCKSTEP = {"stm", "dmr", "dmr-adaptive", "tmr", "dmr-parallel"};

    private static void add(ArrayNode runs, String benchmark, double score, double alloc, String unit, String... params) {
        ObjectNode run = runs.addObject();
        run.put("benchmark", "dev.lockstep.jmh.x." + benchmark);
        ObjectNode p = run.putObject("params");
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        run.putObject("primaryMetric").put("score", score).put("scoreError", 1.0).put("scoreUnit", unit);
        run.putObject("secondaryMetrics").putObject("gc.alloc.rate.norm").put("score", alloc);
    }

    /**
     * Transfers: plain 10, Multiverse 100, then stm 110, dmr 120, adaptive 150, tmr 400, parallel
     * 900 ns. Phoenix workloads: plain 10 us (word count 2 us), stm 15, dmr 20 (kmeans 30, ledger
     * 50), adaptive 21, tmr 30, parallel 15 (word count 12).
     */
    private static String report(Path dir) throws Exception {
        ArrayNode runs = JSON.createArrayNode();
        double[] transfer = {110, 120, 150, 400, 900};
        for (String threads : new String[] {"oneThread", "twoThreads"}) {
            for (String cells : new String[] {"2", "10"}) {
                add(runs, "TransferBenchmark." + threads, 10, 0, "ns/op", "variant", "plain", "cells", cells);
                add(runs, "TransferBenchmark." + threads, 100, 24, "ns/op", "variant", "multiverse", "cells", cells);
                for (int v = 0; v < LOCKSTEP.length; v++) {
                    add(runs, "TransferBenchmark." + threads, transfer[v], 40, "ns/op", "variant", LOCKSTEP[v], "cells", cells);
                }
            }
        }
        for (String size : new String[] {"1", "10", "100", "1000", "10000"}) {
            add(runs, "WriteSetBenchmark.write", 5, 0, "ns/op", "variant", "plain", "size", size);
            add(runs, "WriteSetBenchmark.write", 50, 24, "ns/op", "variant", "multiverse", "size", size);
            add(runs, "WriteSetBenchmark.write", 80, 100, "ns/op", "variant", "dmr", "size", size);
        }
        Properties accesses = new Properties();
        accesses.setProperty("transfer-2.reads", "3");
        accesses.setProperty("transfer-2.writes", "2");
        accesses.setProperty("transfer-10.reads", "11");
        accesses.setProperty("transfer-10.writes", "10");
        for (String w : ResultsReport.PHOENIX) {
            double dmr = w.equals("kmeans") ? 30 : w.equals("ledger") ? 50 : 20;
            double[] scores = {15, dmr, 21, 30, w.equals("word-count") ? 12 : 15};
            add(runs, "PhoenixBenchmark.run", w.equals("word-count") ? 2 : 10, 0, "us/op", "variant", "plain", "workload", w);
            for (int v = 0; v < LOCKSTEP.length; v++) {
                add(runs, "PhoenixBenchmark.run", scores[v], 50, "us/op", "variant", LOCKSTEP[v], "workload", w);
            }
            accesses.setProperty(w + ".reads", "7");
            accesses.setProperty(w + ".writes", "5");
        }
        Path results = dir.resolve("results.json");
        JSON.writeValue(results.toFile(), runs);
        Path counts = dir.resolve("state-accesses.properties");
        try (Writer out = Files.newBufferedWriter(counts)) {
            accesses.store(out, null);
        }
        ResultsReport.main(new String[] {results.toString(), counts.toString(), dir.resolve("RESULTS.md").toString(), "run it"});
        return Files.readString(dir.resolve("RESULTS.md"));
    }

    @Test
    void tablesShowEveryVariantWithItsRatiosAndAccesses(@TempDir Path dir) throws Exception {
        String md = report(dir);
        assertTrue(md.contains("| 1 | 2 | 3 / 2 | 10.0 ± 1.0 | 100.0 ± 1.0 | 110.0 ± 1.0 | 120.0 ± 1.0 | 150.0 ± 1.0 "
                + "| 400.0 ± 1.0 | 900.0 ± 1.0 | 1.10 | 1.20 | 1.50 | 4.00 | 9.00 | 1.09 | 40 |"), md);
        assertTrue(md.contains("| 2 | 10 | 11 / 10 | 10.0 ± 1.0 | 100.0 ± 1.0 |"), md);
        assertTrue(md.contains("| word-count | 7 / 5 | 2.0 ± 1.0 | 15.0 ± 1.0 | 20.0 ± 1.0 | 21.0 ± 1.0 | 30.0 ± 1.0 "
                + "| 12.0 ± 1.0 | 7.50 | 10.00 | 10.50 | 15.00 | 6.00 | 1.33 | 50 |"), md);
        assertTrue(md.contains("`dmr / stm` from 1.09 (transfer 2 cells, 1 thread) to 3.33 (ledger)"), md);
        assertTrue(md.contains("run it"), md);
        assertTrue(md.contains("## Where the time goes, where a target is missed"), md);
        assertTrue(Files.size(dir.resolve("results.png")) > 5_000);
    }

    @Test
    void everyTargetIsComputedFromTheTablesScores(@TempDir Path dir) throws Exception {
        String md = report(dir);
        assertTrue(md.contains("| transfer 2 cells, 1 thread, DMR / Multiverse | 1.20 | ≤ 1.5 | met |"), md);
        assertTrue(md.contains("| transfer 10 cells, 1 thread, DMR / Multiverse | 1.20 | ≤ 1.2 | met |"), md);
        assertTrue(md.contains("| kmeans, DMR sequential / plain Java | 3.00 | ≤ 2.1 | missed by 1.43× |"), md);
        assertTrue(md.contains("| histogram, DMR sequential / plain Java | 2.00 | ≤ 2.1 | met |"), md);
        assertTrue(md.contains("| word-count, DMR sequential / plain Java | 10.00 | ≤ 2.1 | missed by 4.76× |"), md);
        assertTrue(md.contains("| ledger (state-heavy), DMR sequential / plain Java | 5.00 | ≤ 4 | missed by 1.25× |"), md);
        assertFalse(md.contains("| ledger, DMR sequential"), md);
        assertTrue(md.contains("| ledger, TMR / DMR sequential | 0.60 | ≤ 1.5 | met |"), md);
        assertTrue(md.contains("| transfer 10 cells, 1 thread, TMR / DMR sequential | 3.33 | ≤ 1.5 | missed by 2.22× |"), md);
        assertTrue(md.contains("| histogram, DMR parallel / plain Java | 1.50 | ≤ 1.3 | missed by 1.15× |"), md);
        assertTrue(md.contains("| transfer 2 cells, 1 thread, ADAPTIVE / SEQUENTIAL (dmr-adaptive / dmr) | 1.25 | ≤ 1.1 "
                + "| missed by 1.14× |"), md);
        assertTrue(md.contains("| string-match, ADAPTIVE / SEQUENTIAL (dmr-adaptive / dmr) | 1.05 | ≤ 1.1 | met |"), md);
        assertTrue(md.contains("| allocation per call beyond the write set (DMR, 1-cell write, `gc.alloc.rate.norm`) "
                + "| 100 B | ≤ 64 B | missed by 1.56× |"), md);
    }

    @Test
    void parallelTargetsOnlyForPlainCallsOfFiveMicrosOrMore(@TempDir Path dir) throws Exception {
        String md = report(dir);
        assertFalse(md.contains("| word-count, DMR parallel"), md);
        assertFalse(md.contains("thread, DMR parallel"), md);
        assertTrue(md.contains("below it in this run: word-count (2.00 us), transfer 2 cells, 1 thread (10.0 ns), "
                + "transfer 10 cells, 1 thread (10.0 ns)."), md);
        assertFalse(md.contains("2 threads, DMR"), md);
        assertFalse(md.contains("2 threads, TMR"), md);
    }
}
