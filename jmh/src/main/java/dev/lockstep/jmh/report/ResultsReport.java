package dev.lockstep.jmh.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.ChartEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH's JSON results into {@code RESULTS.md}: each benchmark's scores side by side, the
 * ratios the targets are stated in, a verdict per target (with by how much it is missed), the
 * allocation per call, and a chart of the ratios.
 */
public final class ResultsReport {
    private final Map<String, Result> results = new LinkedHashMap<>();

    /** One benchmark configuration's score. */
    record Result(double score, double error, String unit, double allocated) {
    }

    private ResultsReport(JsonNode runs) {
        for (JsonNode run : runs) {
            String benchmark = run.get("benchmark").asText();
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(name);
            new TreeMap<String, String>(toMap(run.path("params"))).forEach((k, v) -> key.append(' ').append(k).append('=').append(v));
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
     * Writes the report.
     *
     * @param args the JMH JSON file, the Markdown file to write, and the command that made the results
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        JsonNode runs = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        ResultsReport report = new ResultsReport(runs);
        Path markdown = Path.of(args[1]);
        Files.writeString(markdown, report.markdown(args.length > 2 ? args[2] : "", markdown.resolveSibling("results.png")));
    }

    private Result get(String key) {
        Result r = results.get(key);
        if (r == null) {
            throw new IllegalArgumentException("no result for " + key + " (have " + results.keySet() + ")");
        }
        return r;
    }

    private String markdown(String command, Path chartFile) throws IOException {
        StringBuilder md = new StringBuilder("# Benchmark results\n\n")
                .append("Made on this project's machine (2 cores, shared and noisy) by:\n\n```sh\n").append(command)
                .append("\n```\n\nCompare ratios measured side by side in one run, not absolute times. Scores are JMH averages ")
                .append("with their 99.9% error; allocation is `gc.alloc.rate.norm` from `-prof gc`.\n\n");
        List<String> targets = new ArrayList<>();
        Map<String, Double> chartRatios = new LinkedHashMap<>();

        md.append("## Transfer (ns/op)\n\n| threads | cells | plain | multiverse | dmr | tmr | dmr / multiverse | tmr / multiverse | dmr B/op |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String threads : new String[] {"oneThread", "twoThreads"}) {
            for (String cells : new String[] {"2", "10"}) {
                Result plain = get("TransferBenchmark." + threads + " cells=" + cells + " variant=plain");
                Result mv = get("TransferBenchmark." + threads + " cells=" + cells + " variant=multiverse");
                Result dmr = get("TransferBenchmark." + threads + " cells=" + cells + " variant=dmr");
                Result tmr = get("TransferBenchmark." + threads + " cells=" + cells + " variant=tmr");
                double ratio = dmr.score() / mv.score();
                md.append(row(threads.equals("oneThread") ? "1" : "2", cells, fmt(plain), fmt(mv), fmt(dmr), fmt(tmr),
                        ratio(ratio), ratio(tmr.score() / mv.score()), bytes(dmr.allocated())));
                chartRatios.put("transfer " + cells + " cells, " + (threads.equals("oneThread") ? 1 : 2) + "t: dmr/multiverse", ratio);
                targets.add(target("transfer (" + cells + " cells, " + (threads.equals("oneThread") ? 1 : 2)
                        + " thread(s)), DMR sequential / plain Multiverse", ratio, 1.5));
            }
        }

        md.append("\n## Write-set size (ns/op)\n\n| cells written | plain | multiverse | dmr | dmr / multiverse | dmr B/op |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n");
        for (String size : new String[] {"1", "10", "100", "1000", "10000"}) {
            Result plain = get("WriteSetBenchmark.write size=" + size + " variant=plain");
            Result mv = get("WriteSetBenchmark.write size=" + size + " variant=multiverse");
            Result dmr = get("WriteSetBenchmark.write size=" + size + " variant=dmr");
            md.append(row(size, fmt(plain), fmt(mv), fmt(dmr), ratio(dmr.score() / mv.score()), bytes(dmr.allocated())));
        }

        md.append("\n## Phoenix workloads and ledger (us/op)\n\n| workload | plain | dmr | tmr | dmr / plain | tmr / plain | dmr B/op |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String w : new String[] {"histogram", "linear-regression", "kmeans", "matrix-multiply", "word-count", "string-match", "ledger"}) {
            Result plain = get("PhoenixBenchmark.run variant=plain workload=" + w);
            Result dmr = get("PhoenixBenchmark.run variant=dmr workload=" + w);
            Result tmr = get("PhoenixBenchmark.run variant=tmr workload=" + w);
            double ratio = dmr.score() / plain.score();
            md.append(row(w, fmt(plain), fmt(dmr), fmt(tmr), ratio(ratio), ratio(tmr.score() / plain.score()), bytes(dmr.allocated())));
            chartRatios.put(w + ": dmr/plain", ratio);
            targets.add(target(w + ", DMR sequential / plain Java", ratio, 2.1));
        }

        Result one = get("WriteSetBenchmark.write size=1 variant=dmr");
        targets.add("| steady-state allocation per call beyond the write set (DMR, 1-cell write) | "
                + bytes(one.allocated()) + " | at most 64 B | " + (one.allocated() <= 64 ? "met"
                : String.format(Locale.ROOT, "missed by %.0f B", one.allocated() - 64)) + " |\n");
        targets.add("| Phoenix workloads, DMR parallel wall time / plain Java on 2 cores | not measured | at most 1.3 | "
                + "PARALLEL execution is not built yet (issue 6) |\n");

        md.append("\n## Targets\n\n| target | measured | goal | verdict |\n|---|---:|---|---|\n");
        targets.forEach(md::append);
        md.append("\n![ratios](").append(chartFile.getFileName()).append(")\n");
        writeChart(chartRatios, chartFile);
        return md.toString();
    }

    private static String target(String what, double ratio, double goal) {
        return "| " + what + " | " + ratio(ratio) + " | at most " + goal + " | "
                + (ratio <= goal ? "met" : String.format(Locale.ROOT, "missed by %.2fx", ratio / goal)) + " |\n";
    }

    private static void writeChart(Map<String, Double> ratios, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("Lockstep DMR (sequential) cost relative to its baseline").xAxisTitle("")
                .yAxisTitle("ratio (lower is better)").build();
        chart.getStyler().setXAxisLabelRotation(45).setLegendVisible(false);
        chart.addSeries("ratio", new ArrayList<>(ratios.keySet()), new ArrayList<>(ratios.values()));
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartEncoder.saveChart(chart, out, "png");
        }
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String fmt(Result r) {
        return String.format(Locale.ROOT, "%.1f ± %.1f", r.score(), r.error());
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    private static String bytes(double b) {
        return Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%.0f", b);
    }
}
