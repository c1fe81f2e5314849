package dev.lockstep.jmh;

import dev.lockstep.stm.StmProvider;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The entry point of {@code benchmarks.jar}: JMH's command line, with the JVM flags the
 * libraries need appended to every fork (read from the runtime, which reads the build's one
 * list), so no benchmark fork ever runs without them.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    /**
     * Runs JMH.
     *
     * @param args JMH's own options, e.g. {@code -f 1 -wi 2 -i 3 -prof gc TransferBenchmark}
     * @throws Exception what JMH throws
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        if (commandLine.shouldHelp() || commandLine.shouldList() || commandLine.shouldListProfilers()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options = new OptionsBuilder().parent(commandLine)
                .jvmArgsAppend(StmProvider.jvmFlags().toArray(new String[0])).build();
        new Runner(options).run();
    }
}
