package dev.lockstep.stm.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test class path in a child JVM of the same JDK, with the flags. */
public final class ChildJvm {
    /** What the child printed (standard output and error together) and how it exited. */
    public record Result(int exitCode, String output) {
    }

    private ChildJvm() {
    }

    public static Result run(List<String> jvmArgs, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not exit: " + output);
        }
        return new Result(p.exitValue(), output);
    }

    public static Result runWithFlags(Class<?> main, String... args) throws IOException, InterruptedException {
        return run(JvmFlags.forThisJdk(), main, args);
    }
}
