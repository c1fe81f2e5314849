package dev.lockstep.jmh.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.ChartEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * Turns JMH's JSON results and the measured state accesses into {@code RESULTS.md}: each
 * benchmark's scores side by side with the ratios they are judged by, the Targets table
 * computed from those scores, and a chart of the ratios.
 *
 * <p><b>Note:</b> a command-line program; an instance is used by one thread.
 */
public final class ResultsReport {
    static final String[] PHOENIX = {"histogram", "linear-regression", "kmeans", "matrix-multiply", "word-count",
        "string-match", "ledger"};

    /**
     * Where the time goes, by construction of the engine. It does not depend on one run's
     * numbers; the Targets table says which targets this run missed.
     */
    static final String WHY_MISSED = String.join("\n",
            "- **Per state access.** Every replica reads committed memory itself (one snapshot, checked by one",
            "  volatile load of the runtime's apply counter), so no value is logged or re-read. What remains per",
            "  access is the thread's call context, the index and open checks, the look for the replica's own",
            "  write (one array load for cells objects up to 4,096 cells), the stripe's version for the read",
            "  set, and the watchdog's counter: a few nanoseconds where a plain array load takes one, and a",
            "  volatile load the JIT cannot hoist out of the body's loop. Workloads where nearly every step is a",
            "  state access (histogram, matrix multiply, ledger) pay that on every step of both replicas; it,",
            "  not the second run, is most of their ratio. `CallCostBenchmark` measures it apart.",
            "- **Per call.** A writing commit opens one Multiverse transaction sized to the stripes written (a",
            "  cells object written in more than 16 stripes is locked as a whole), validates the read set,",
            "  passes the commit gate, and bumps the apply counter: tens of nanoseconds that Multiverse's own",
            "  atomic block shares only in part. On a 2-cell transfer that fixed cost is most of the ratio.",
            "- **Parallel.** A parallel call hands the later replicas to replica threads (waking one if it",
            "  parked), and the leader waits for them. The followers read state on their own and share only",
            "  `Nondet` values, so the hand-off is paid once per call, not per read; it still costs",
            "  microseconds, so it pays off only for calls that compute longer than that. Two threads of",
            "  transfers run four replica threads on two cores, so the parallel transfer rows measure",
            "  oversubscription. `ADAPTIVE` learns each hardener's call time and runs calls shorter than",
            "  about 20 us in sequence.",
            "- **Allocation.** The bytes a 1-cell DMR call allocates are the benchmark's capturing lambda and the",
            "  replicas' boxed results; the engine itself reuses its contexts, transactions, logs and write sets.",
            "");

    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Properties accesses;

    private ResultsReport(JsonNode runs, Properties accesses) {
        this.accesses = accesses;
        for (JsonNode run : runs) {
            String benchmark = run.get("benchmark").asText();
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(name);
            new TreeMap<>(toMap(run.path("params"))).forEach((k, v) -> key.append(' ').append(k).append('=').append(v));
            JsonNode primary = run.get("primaryMetric");
            JsonNode alloc = run.path("secondaryMetrics").path("gc.alloc.rate.norm");
            results.put(key.toString(), new Result(primary.get("score").asDouble(), primary.get("scoreError").asDouble(),
                    primary.get("scoreUnit").asText(), alloc.isMissingNode() ? Double.NaN : alloc.get("score").asDouble()));
        }
    }

    private static Map<String, String> toMap(JsonNode params) {
        Map<String, String> map = new LinkedHashMap<>();
        params.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /**
     * Writes the report, and {@code results.png} beside it.
     *
     * @param args the JMH JSON file, the state-access properties ({@code StateAccesses}), the
     *             Markdown file to write, and the command that made the results
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ResultsReport <results.json> <state-accesses.properties> "
                    + "<RESULTS.md> [command]");
        }
        JsonNode runs = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Properties accesses = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[1]))) {
            accesses.load(in);
        }
        Path markdown = Path.of(args[2]);
        String command = args.length > 3 ? args[3] : "";
        Files.writeString(markdown, new ResultsReport(runs, accesses).markdown(command, markdown.resolveSibling("results.png")));
    }

    private Result get(String key) {
        Result r = results.get(key);
        if (r == null) {
            throw new IllegalArgumentException("no result for " + key + " (have " + results.keySet() + ")");
        }
        return r;
    }

    private String accesses(String row) {
        String reads = accesses.getProperty(row + ".reads");
        String writes = accesses.getProperty(row + ".writes");
        if (reads == null || writes == null) {
            throw new IllegalArgumentException("no state-access count for " + row + " (have " + accesses.keySet() + ")");
        }
        return reads + " / " + writes;
    }

    /** A table row: {@code key} maps a variant to its result's key (params in name order, as JMH's JSON). */
    private Row row(String label, String accessRow, UnaryOperator<String> key, String baseline) {
        Result plain = get(key.apply("plain"));
        return new Row(label, accesses(accessRow), plain, baseline.equals("plain") ? plain : get(key.apply(baseline)),
                get(key.apply("stm")), get(key.apply("dmr")), get(key.apply("dmr-adaptive")), get(key.apply("tmr")),
                get(key.apply("dmr-parallel")));
    }

    private String markdown(String command, Path chartFile) throws IOException {
        StringBuilder md = new StringBuilder("# Benchmark results\n\n")
                .append("Made on this project's machine (2 cores, shared and noisy) by:\n\n```sh\n").append(command)
                .append("\n```\n\nCompare ratios measured side by side in one run, not absolute times. Scores are JMH averages ")
                .append("with their 99.9% error; allocation is `gc.alloc.rate.norm` from `-prof gc`. `stm` runs the body ")
                .append("once in the transaction and compares nothing; `dmr-adaptive` is DMR with `Execution.ADAPTIVE` ")
                .append("(default latency bound). Reads / writes per call are the state accesses of one DMR call's leader, ")
                .append("counted in the same run by a `FaultHook` (`StateAccesses`); the workloads reach state only ")
                .append("through `LongCells` (none uses a `TxMap`), so these are all of them.\n\n");
        List<Row> tableRows = new ArrayList<>();
        List<Row> oneThread = new ArrayList<>();
        Map<String, Row> chartRows = new LinkedHashMap<>();

        md.append("## Transfer (ns/op)\n\n| threads | cells | reads / writes per call | plain | multiverse | stm | dmr ")
                .append("| dmr-adaptive | tmr | dmr-parallel | stm / multiverse | dmr / multiverse | dmr-adaptive / multiverse ")
                .append("| tmr / multiverse | dmr-parallel / multiverse | dmr / stm | dmr B/op |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String threads : new String[] {"oneThread", "twoThreads"}) {
            int n = threads.equals("oneThread") ? 1 : 2;
            for (String cells : new String[] {"2", "10"}) {
                Row r = row("transfer " + cells + " cells, " + n + (n == 1 ? " thread" : " threads"), "transfer-" + cells,
                        v -> "TransferBenchmark." + threads + " cells=" + cells + " variant=" + v, "multiverse");
                md.append(cells(List.of(Integer.toString(n), cells), r));
                tableRows.add(r);
                chartRows.put("transfer " + cells + "c " + n + "t", r);
                if (n == 1) {
                    oneThread.add(r);
                }
            }
        }

        md.append("\n## Write-set size (ns/op)\n\n| cells written | plain | multiverse | dmr | dmr / multiverse | dmr B/op |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n");
        for (String size : new String[] {"1", "10", "100", "1000", "10000"}) {
            Result plain = get("WriteSetBenchmark.write size=" + size + " variant=plain");
            Result mv = get("WriteSetBenchmark.write size=" + size + " variant=multiverse");
            Result dmr = get("WriteSetBenchmark.write size=" + size + " variant=dmr");
            md.append(cells(List.of(size, Row.fmt(plain), Row.fmt(mv), Row.fmt(dmr), Row.ratio(dmr, mv),
                    Row.bytes(dmr.allocated())), null));
        }

        md.append("\n## Phoenix workloads and ledger (us/op)\n\n| workload | reads / writes per call | plain | stm | dmr ")
                .append("| dmr-adaptive | tmr | dmr-parallel | stm / plain | dmr / plain | dmr-adaptive / plain | tmr / plain ")
                .append("| dmr-parallel / plain | dmr / stm | dmr B/op |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Row> phoenix = new ArrayList<>();
        for (String w : PHOENIX) {
            Row r = row(w, w, v -> "PhoenixBenchmark.run variant=" + v + " workload=" + w, "plain");
            md.append(cells(List.of(w), r));
            phoenix.add(r);
            tableRows.add(r);
            chartRows.put(w, r);
        }

        md.append(Targets.markdown(oneThread, phoenix, get("WriteSetBenchmark.write size=1 variant=dmr")));
        md.append("\n## Where the time goes, where a target is missed\n\n").append(costSplit(tableRows)).append(WHY_MISSED);
        md.append("\n![ratios](").append(chartFile.getFileName()).append(")\n");
        writeChart(chartRows, chartFile);
        return md.toString();
    }

    /** The split of DMR's cost into the transaction's and the replication's, from the table rows. */
    static String costSplit(List<Row> rows) {
        return "- **Transaction or replication.** `stm` runs the body once in the transaction, so `stm / baseline` "
                + "(Multiverse for transfers, plain Java for the Phoenix workloads) is what the transaction costs, and "
                + "`dmr / stm` what replication costs on top of it. In the tables above, `stm / baseline` runs from "
                + range(rows, r -> r.stm().score() / r.baseline().score()) + ", and `dmr / stm` from "
                + range(rows, r -> r.dmr().score() / r.stm().score()) + ".\n";
    }

    private static String range(List<Row> rows, ToDoubleFunction<Row> ratio) {
        Row low = rows.stream().min(Comparator.comparingDouble(ratio)).orElseThrow();
        Row high = rows.stream().max(Comparator.comparingDouble(ratio)).orElseThrow();
        return Row.ratio(ratio.applyAsDouble(low)) + " (" + low.label() + ") to " + Row.ratio(ratio.applyAsDouble(high))
                + " (" + high.label() + ")";
    }

    private static String cells(List<String> leading, Row row) {
        List<String> all = new ArrayList<>(leading);
        if (row != null) {
            all.addAll(row.cells());
        }
        return "| " + String.join(" | ", all) + " |\n";
    }

    private static void writeChart(Map<String, Row> rows, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1400).height(600)
                .title("Lockstep cost: transfers / Multiverse, Phoenix workloads / plain Java (log scale)").xAxisTitle("")
                .yAxisTitle("ratio (lower is better)").build();
        chart.getStyler().setXAxisLabelRotation(45).setYAxisLogarithmic(true).setYAxisMin(0.5);
        List<String> labels = new ArrayList<>(rows.keySet());
        series(chart, "stm (transaction alone)", labels, rows, Row::stm);
        series(chart, "dmr, sequential", labels, rows, Row::dmr);
        series(chart, "dmr, adaptive", labels, rows, Row::adaptive);
        series(chart, "dmr, parallel", labels, rows, Row::parallel);
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartEncoder.saveChart(chart, out, "png");
        }
    }

    private static void series(CategoryChart chart, String name, List<String> labels, Map<String, Row> rows,
            Function<Row, Result> variant) {
        List<Double> ratios = new ArrayList<>();
        for (String label : labels) {
            Row r = rows.get(label);
            ratios.add(variant.apply(r).score() / r.baseline().score());
        }
        chart.addSeries(name, labels, ratios);
    }
}
