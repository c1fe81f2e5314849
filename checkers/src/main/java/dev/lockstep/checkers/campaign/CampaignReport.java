package dev.lockstep.checkers.campaign;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.ChartEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes campaign results: every injection as CSV (Jackson), a Markdown table of outcomes with
 * the SDC rate and its Wilson 95% interval, and one PNG chart per workload (XChart).
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
public final class CampaignReport {
    private CampaignReport() {
    }

    /**
     * Writes every injection of {@code results} as one CSV file with a header row.
     *
     * @param results the campaigns
     * @param file    where to write
     */
    public static void writeCsv(List<CampaignResult> results, Path file) {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = mapper.schemaFor(InjectionRecord.class).withHeader();
        try {
            createParent(file);
            try (Writer out = Files.newBufferedWriter(file);
                 SequenceWriter rows = mapper.writer(schema).writeValues(out)) {
                for (CampaignResult r : results) {
                    rows.writeAll(r.records());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Renders the outcome table.
     *
     * @param results the campaigns, in the order to list them
     * @return Markdown
     */
    public static String markdown(List<CampaignResult> results) {
        StringBuilder md = new StringBuilder()
                .append("| workload | model | variant | injections | masked | corrected | detected | SDC | crash | hang | SDC rate (Wilson 95%) |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (CampaignResult r : results) {
            double[] ci = r.sdcInterval95();
            md.append("| ").append(r.workload()).append(" | ").append(r.model().cliName()).append(" | ")
                    .append(r.variant().cliName()).append(" | ").append(r.injections());
            for (Outcome o : Outcome.values()) {
                md.append(" | ").append(r.count(o));
            }
            md.append(" | ").append(percent(r.sdcRate())).append(" (").append(percent(ci[0])).append("–")
                    .append(percent(ci[1])).append(") |\n");
        }
        return md.toString();
    }

    /**
     * Draws one chart per workload: SDC rate by fault model, one bar per variant, with error bars
     * as wide as the larger side of the Wilson 95% interval (symmetric, so conservative).
     *
     * @param results   the campaigns
     * @param directory where to write {@code <workload>.png}
     * @return the files written
     */
    public static List<Path> writeCharts(List<CampaignResult> results, Path directory) {
        Map<String, List<CampaignResult>> byWorkload = new LinkedHashMap<>();
        for (CampaignResult r : results) {
            byWorkload.computeIfAbsent(r.workload(), w -> new ArrayList<>()).add(r);
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, List<CampaignResult>> e : byWorkload.entrySet()) {
            written.add(writeChart(e.getKey(), e.getValue(), directory.resolve(e.getKey() + ".png")));
        }
        return written;
    }

    private static Path writeChart(String workload, List<CampaignResult> results, Path file) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450)
                .title(workload + ": silent data corruption per injection")
                .xAxisTitle("fault model").yAxisTitle("SDC rate (%)").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0).setErrorBarsColorSeriesColor(true);
        for (Variant v : Variant.values()) {
            List<String> models = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (CampaignResult r : results) {
                if (r.variant() == v) {
                    double[] ci = r.sdcInterval95();
                    models.add(r.model().cliName());
                    rates.add(100 * r.sdcRate());
                    errors.add(100 * Math.max(r.sdcRate() - ci[0], ci[1] - r.sdcRate()));
                }
            }
            if (!models.isEmpty()) {
                chart.addSeries(v.cliName(), models, rates, errors);
            }
        }
        try {
            createParent(file);
            try (OutputStream out = Files.newOutputStream(file)) {
                ChartEncoder.saveChart(chart, out, "png");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
