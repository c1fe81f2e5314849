package dev.lockstep.jmh.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report computes ratios and verdicts from JMH's JSON, and draws the chart. */
class ResultsReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void add(ArrayNode runs, String benchmark, double score, double alloc, String... params) {
        ObjectNode run = runs.addObject();
        run.put("benchmark", "dev.lockstep.jmh.x." + benchmark);
        ObjectNode p = run.putObject("params");
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        run.putObject("primaryMetric").put("score", score).put("scoreError", 1.0).put("scoreUnit", "ns/op");
        run.putObject("secondaryMetrics").putObject("gc.alloc.rate.norm").put("score", alloc);
    }

    @Test
    void ratiosAndVerdictsComeFromTheScores(@TempDir Path dir) throws Exception {
        ArrayNode runs = JSON.createArrayNode();
        for (String threads : new String[] {"oneThread", "twoThreads"}) {
            for (String cells : new String[] {"2", "10"}) {
                add(runs, "TransferBenchmark." + threads, 10, 0, "variant", "plain", "cells", cells);
                add(runs, "TransferBenchmark." + threads, 100, 24, "variant", "multiverse", "cells", cells);
                add(runs, "TransferBenchmark." + threads, 120, 40, "variant", "dmr", "cells", cells);
                add(runs, "TransferBenchmark." + threads, 400, 60, "variant", "tmr", "cells", cells);
                add(runs, "TransferBenchmark." + threads, 900, 300, "variant", "dmr-parallel", "cells", cells);
            }
        }
        for (String size : new String[] {"1", "10", "100", "1000", "10000"}) {
            add(runs, "WriteSetBenchmark.write", 5, 0, "variant", "plain", "size", size);
            add(runs, "WriteSetBenchmark.write", 50, 24, "variant", "multiverse", "size", size);
            add(runs, "WriteSetBenchmark.write", 80, 100, "variant", "dmr", "size", size);
        }
        for (String w : new String[] {"histogram", "linear-regression", "kmeans", "matrix-multiply", "word-count", "string-match", "ledger"}) {
            add(runs, "PhoenixBenchmark.run", 10, 0, "variant", "plain", "workload", w);
            add(runs, "PhoenixBenchmark.run", w.equals("kmeans") ? 30 : 20, 50, "variant", "dmr", "workload", w);
            add(runs, "PhoenixBenchmark.run", 30, 70, "variant", "tmr", "workload", w);
            add(runs, "PhoenixBenchmark.run", w.equals("word-count") ? 12 : 15, 200, "variant", "dmr-parallel", "workload", w);
        }
        Path results = dir.resolve("results.json");
        JSON.writeValue(results.toFile(), runs);

        ResultsReport.main(new String[] {results.toString(), dir.resolve("RESULTS.md").toString(), "run it"});

        String md = Files.readString(dir.resolve("RESULTS.md"));
        assertTrue(md.contains("| 1 | 2 | 10.0 ± 1.0 | 100.0 ± 1.0 | 120.0 ± 1.0 | 400.0 ± 1.0 | 900.0 ± 1.0 | 1.20 | 4.00 | 9.00 | 40 |"), md);
        assertTrue(md.contains("| word-count | 10.0 ± 1.0 | 20.0 ± 1.0 | 30.0 ± 1.0 | 12.0 ± 1.0 | 2.00 | 3.00 | 1.20 | 50 |"), md);
        assertTrue(md.contains("| word-count, DMR parallel wall time / plain Java, 2 cores | 1.20 | at most 1.3 | met |"), md);
        assertTrue(md.contains("| ledger, DMR parallel wall time / plain Java, 2 cores | 1.50 | at most 1.3 | missed by 1.15x |"), md);
        assertTrue(md.contains("| transfer (2 cells, 1 thread(s)), DMR sequential / plain Multiverse | 1.20 | at most 1.5 | met |"), md);
        assertTrue(md.contains("| kmeans, DMR sequential / plain Java | 3.00 | at most 2.1 | missed by 1.43x |"), md);
        assertTrue(md.contains("| histogram, DMR sequential / plain Java | 2.00 | at most 2.1 | met |"), md);
        assertTrue(md.contains("beyond the write set (DMR, 1-cell write) | 100 | at most 64 B | missed by 36 B |"), md);
        assertTrue(md.contains("run it"), md);
        assertTrue(md.contains("## Where the time goes, where a target is missed"), md);
        assertTrue(Files.size(dir.resolve("results.png")) > 5_000);
    }
}
