package dev.lockstep.stm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 2, test 8 (second half): a JVM without the flags gets an error listing them. */
class JvmFlagsTest {
    private static final String AGRONA_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    @Test
    void aChildJvmWithoutTheFlagsIsToldWhichFlagsToAdd() throws Exception {
        Result r = runProbe(List.of());
        assertEquals(3, r.exitCode, r.output);
        assertTrue(r.output.startsWith("Lockstep [MISSING_JVM_FLAGS]"), r.output);
        assertTrue(r.output.contains("without " + AGRONA_FLAG), r.output);
        assertTrue(r.output.contains("Start java with these flags: " + AGRONA_FLAG), r.output);
    }

    @Test
    void theSameChildJvmWithTheFlagsStarts() throws Exception {
        List<String> flags = JvmFlags.forThisJdk();
        assertTrue(String.join(" ", flags).startsWith(AGRONA_FLAG), flags.toString());
        Result r = runProbe(flags);
        assertEquals(0, r.exitCode, r.output);
        assertEquals("started", r.output.strip());
    }

    @Test
    void theCheckParsesBothFlagSpellingsAndSeesWhatIsInEffect() {
        Module unnamed = JvmFlagsTest.class.getModule();
        // Surefire starts this JVM with the Agrona flag, in either spelling.
        assertEquals(List.of(), JvmFlags.missing(JvmFlags.tokens(AGRONA_FLAG), unnamed));
        assertEquals(List.of(), JvmFlags.missing(
                List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), unnamed));
        // Nobody opened java.lang.invoke here, and the module jdk.nope does not exist.
        assertEquals(List.of("--add-opens java.base/java.lang.invoke=ALL-UNNAMED"),
                JvmFlags.missing(List.of("--add-opens", "java.base/java.lang.invoke=ALL-UNNAMED"), unnamed));
        assertEquals(List.of("--add-exports jdk.nope/x.y=ALL-UNNAMED"),
                JvmFlags.missing(List.of("--add-exports", "jdk.nope/x.y=ALL-UNNAMED"), unnamed));
        assertEquals(List.of(), JvmFlags.missing(List.of("--enable-native-access=ALL-UNNAMED"), unnamed));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result runProbe(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FlagProbe.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        return new Result(p.exitValue(), output);
    }
}
