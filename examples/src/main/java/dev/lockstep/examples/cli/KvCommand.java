package dev.lockstep.examples.cli;

import dev.lockstep.api.Lockstep;
import dev.lockstep.examples.kv.KvService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lockstep kv}: a persistent key-value store whose data survives restarts. */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = "A persistent key-value store, hardened with @Hardened: put, get, remove, list.",
        subcommands = {KvCommand.Put.class, KvCommand.Get.class, KvCommand.Remove.class, KvCommand.List.class})
final class KvCommand {
    @Option(names = "--dir", defaultValue = "target/kv", description = "The store's directory (default: ${DEFAULT-VALUE}).")
    private Path dir;

    private <T> T withStore(java.util.function.Function<KvService, T> action) {
        Lockstep.install();
        Lockstep.builder().name("kv").build();
        try (KvService kv = new KvService(dir)) {
            return action.apply(kv);
        }
    }

    /** What every kv subcommand has: the parent's options and the spec to print with. */
    abstract static class Sub implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        KvCommand kv;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** A kv subcommand about one key. */
    abstract static class Keyed extends Sub {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
    }

    /** {@code lockstep kv put KEY VALUE}. */
    @Command(name = "put", description = "Sets KEY to VALUE.")
    static final class Put extends Keyed {
        @Parameters(index = "1", paramLabel = "VALUE")
        private String value;

        @Override
        public Integer call() {
            byte[] previous = kv.withStore(s -> s.put(key, value.getBytes(StandardCharsets.UTF_8)));
            out().println(previous == null ? "created " + key
                    : "updated " + key + " (was " + new String(previous, StandardCharsets.UTF_8) + ")");
            return 0;
        }
    }

    /** {@code lockstep kv get KEY}: exit 1 if absent. */
    @Command(name = "get", description = "Prints KEY's value; exits 1 if absent.")
    static final class Get extends Keyed {
        @Override
        public Integer call() {
            byte[] value = kv.withStore(s -> s.get(key));
            out().println(value == null ? "no " + key : new String(value, StandardCharsets.UTF_8));
            return value == null ? 1 : 0;
        }
    }

    /** {@code lockstep kv remove KEY}. */
    @Command(name = "remove", description = "Removes KEY.")
    static final class Remove extends Keyed {
        @Override
        public Integer call() {
            byte[] removed = kv.withStore(s -> s.remove(key));
            out().println(removed == null ? "no " + key : "removed " + key);
            return removed == null ? 1 : 0;
        }
    }

    /** {@code lockstep kv list}. */
    @Command(name = "list", description = "Lists the keys, sorted.")
    static final class List extends Sub {
        @Override
        public Integer call() {
            kv.withStore(KvService::list).forEach(out()::println);
            return 0;
        }
    }
}
