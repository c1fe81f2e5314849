package dev.lockstep.examples.cli;

import dev.lockstep.checkers.lint.LintReport;
import dev.lockstep.checkers.lint.LockstepLint;
import dev.lockstep.examples.ledger.LedgerDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code lockstep} command line: {@code demo} runs the ledger demo, {@code lint} checks the
 * {@code @Hardened} methods of classes on the class path, {@code campaign} injects faults into
 * workloads and reports the outcomes, {@code kv} is a persistent key-value store. Exit codes: 0 ok, 1 the check failed (lint errors, or the
 * demo's invariant broke), 2 bad usage.
 */
@Command(name = "lockstep", mixinStandardHelpOptions = true, version = "lockstep 0.1.0-SNAPSHOT",
        description = "Lockstep: hardens Java methods against silent data corruption.",
        subcommands = {LockstepCli.Demo.class, LockstepCli.Lint.class, CampaignCommand.class, KvCommand.class})
public final class LockstepCli implements Runnable {
    @Spec
    private CommandSpec spec;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LockstepCli()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: demo, lint, campaign or kv");
    }

    /** {@code lockstep demo}. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Runs the same random transfers as plain Java and hardened, with injected bit flips.")
    static final class Demo implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--transfers", defaultValue = "20000", description = "Transfers to run (default: ${DEFAULT-VALUE}).")
        private int transfers;

        @Option(names = "--seed", defaultValue = "42", description = "Seeds transfers and faults (default: ${DEFAULT-VALUE}).")
        private long seed;

        @Option(names = "--flip-rate", defaultValue = "0.01",
                description = "Probability of a bit flip per value written (default: ${DEFAULT-VALUE}).")
        private double flipRate;

        @Override
        public Integer call() {
            if (transfers < 1 || flipRate < 0 || flipRate > 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--transfers must be at least 1 and --flip-rate between 0 and 1");
            }
            PrintWriter out = spec.commandLine().getOut();
            LedgerDemo.Report report = LedgerDemo.run(seed, transfers, flipRate);
            LedgerDemo.print(report, out);
            out.flush();
            return report.total() == report.expectedTotal() ? 0 : 1;
        }
    }

    /** {@code lockstep lint CLASS...}. */
    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = "Checks the @Hardened methods of the named classes for non-determinism, "
                    + "I/O, locks and writes that escape the call. Exit 1 on any error.")
    static final class Lint implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "CLASS", description = "Fully qualified class names.")
        private List<String> classNames;

        @Override
        public Integer call() {
            List<Class<?>> types = new ArrayList<>();
            for (String name : classNames) {
                try {
                    types.add(Class.forName(name, false, Thread.currentThread().getContextClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "no class " + name + " on the class path: give its fully qualified name");
                }
            }
            LintReport report;
            try {
                report = LockstepLint.check(types.toArray(new Class<?>[0]));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(report);
            out.flush();
            return report.isClean() ? 0 : 1;
        }
    }
}
