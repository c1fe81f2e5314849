package dev.lockstep.examples.cli;

import dev.lockstep.checkers.campaign.Campaign;
import dev.lockstep.checkers.campaign.CampaignReport;
import dev.lockstep.checkers.campaign.CampaignResult;
import dev.lockstep.checkers.campaign.FaultModel;
import dev.lockstep.checkers.campaign.Variant;
import dev.lockstep.examples.campaign.Workloads;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code lockstep campaign}: injects faults into workloads and reports the outcomes. Writes
 * {@code injections.csv} (every injection), {@code REPORT.md} (the table and the command that
 * made it) and {@code <workload>.png} (SDC rate per model and variant) under {@code --out}.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "Injects faults into workloads, unhardened and hardened, and reports how many end as "
                + "silent data corruption.")
final class CampaignCommand implements Callable<Integer> {
    /**
     * A campaign makes replicas disagree thousands of times on purpose: each would be a WARNING
     * on dev.lockstep.faults. Held strongly, since java.util.logging keeps loggers weakly.
     */
    private static final Logger FAULT_LOG = Logger.getLogger("dev.lockstep.faults");

    /** What every report says about reading it; nothing here depends on the run's numbers. */
    private static final String READING_GUIDE = String.join("\n",
            "How to read it:",
            "- Each injection is one fault in one run: `bitflip` flips one bit of one dynamic value (an arithmetic or",
            "  logic result, a local, array or field load) in one replica; `bytemask` XORs a random non-zero 8-bit",
            "  mask into the low byte (HAFT's model); `state` flips one bit of one value a replica reads from or",
            "  writes to state; `sticky` makes every `long` multiply on the campaign's thread wrong in the same bit",
            "  for the whole run (a mercurial core).",
            "- Outcomes: masked (golden output, no disagreement), corrected (replicas disagreed, the committed output",
            "  is golden), detected (every attempt disagreed, nothing committed), SDC (a result or committed state",
            "  differs from golden), crash (another exception), hang (past the step budget).",
            "- The same seed and index inject the same dynamic instance and bit in every variant (in a uniformly",
            "  chosen replica), so the variants are compared on paired faults.",
            "- Faults strike only the campaign's thread: it plays the faulty core. `dmr-parallel` and `tmr-parallel`",
            "  run the later replicas on replica threads pinned to other cores (Execution.PARALLEL), so there every",
            "  fault lands in the leader and the other replicas compute on healthy cores.",
            "- The interval is the Wilson score 95% interval; the charts draw its wider side as a symmetric error bar.",
            "- `sticky` under `dmr` and `tmr` runs every replica on the faulty thread, so the replicas agree on the",
            "  wrong product and cannot see it. Under `dmr-parallel` the trailer's product is right, so the first",
            "  attempt disagrees, and the retry runs both replicas on replica threads, off the faulty one. Under",
            "  `tmr-parallel` trailer and tiebreaker outvote the leader.",
            "", "");

    @Spec
    private CommandSpec spec;

    @Option(names = "--workload", defaultValue = "all",
            description = "histogram, linear-regression, kmeans, matrix-multiply, word-count, string-match, ledger, or all (default: ${DEFAULT-VALUE}).")
    private String workload;

    @Option(names = "--model", defaultValue = "all",
            description = "bitflip, bytemask, state, sticky, or all (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--variant", defaultValue = "all",
            description = "unhardened, dmr, tmr, dmr-parallel, tmr-parallel, or all (default: ${DEFAULT-VALUE}).")
    private String variant;

    @Option(names = "--injections", defaultValue = "2500", description = "Injections per campaign (default: ${DEFAULT-VALUE}).")
    private int injections;

    @Option(names = "--seed", defaultValue = "1", description = "Every injection is reproducible from the seed and its index (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", defaultValue = "target/campaign", description = "Where to write the report (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    private boolean noProgress;

    @Override
    public Integer call() {
        List<String> workloads;
        List<FaultModel> models;
        List<Variant> variants;
        try {
            workloads = workload.equals("all") ? new ArrayList<>(Workloads.all().keySet()) : List.of(workload);
            workloads.forEach(Workloads::className);
            models = model.equals("all") ? Arrays.asList(FaultModel.values()) : List.of(FaultModel.byName(model));
            variants = variant.equals("all") ? Arrays.asList(Variant.values()) : List.of(Variant.byName(variant));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (injections < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--injections must be at least 1");
        }

        FAULT_LOG.setLevel(Level.OFF);
        long total = (long) workloads.size() * models.size() * variants.size() * injections;
        List<CampaignResult> results = new ArrayList<>();
        try (ProgressBar bar = progressBar(total)) {
            for (String w : workloads) {
                for (FaultModel m : models) {
                    for (Variant v : variants) {
                        long before = bar == null ? 0 : bar.getCurrent();
                        if (bar != null) {
                            bar.setExtraMessage(" " + w + " " + m.cliName() + " " + v.cliName());
                        }
                        results.add(Campaign.of(Workloads.className(w), m, v).injections(injections).seed(seed)
                                .run(done -> {
                                    if (bar != null) {
                                        bar.stepTo(before + done);
                                    }
                                }));
                    }
                }
            }
        }

        String table = CampaignReport.markdown(results);
        CampaignReport.writeCsv(results, out.resolve("injections.csv"));
        List<Path> charts = CampaignReport.writeCharts(results, out);
        writeReport(table, charts);
        PrintWriter console = spec.commandLine().getOut();
        console.print(table);
        console.println("Wrote " + out.resolve("REPORT.md") + ", " + out.resolve("injections.csv") + " and "
                + charts.size() + " chart(s).");
        console.flush();
        return 0;
    }

    private ProgressBar progressBar(long total) {
        if (noProgress) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("injections").setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build();
    }

    private void writeReport(String table, List<Path> charts) {
        StringBuilder md = new StringBuilder()
                .append("# Fault-injection campaign\n\n")
                .append("Made by:\n\n```sh\nmvn -q -DskipTests package exec:exec -Dcli.args=\"campaign")
                .append(" --workload ").append(workload).append(" --model ").append(model)
                .append(" --variant ").append(variant).append(" --injections ").append(injections)
                .append(" --seed ").append(seed).append(" --out ").append(out).append("\"\n```\n\n")
                .append("(from the repository root; `injections.csv` beside this file lists every injection.)\n\n")
                .append(READING_GUIDE)
                .append(table).append('\n');
        for (Path chart : charts) {
            md.append("![").append(chart.getFileName()).append("](").append(chart.getFileName()).append(")\n");
        }
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("REPORT.md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("REPORT.md"), e);
        }
    }
}
