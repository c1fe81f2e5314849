package dev.lockstep.stm.agent;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 2, test 8 (second half): a JVM without the flags gets an error listing them. */
class JvmFlagsTest {
    private static final String AGRONA_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    @Test
    void aChildJvmWithoutTheFlagsIsToldWhichFlagsToAdd() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), FlagProbe.class);
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().startsWith("Lockstep [MISSING_JVM_FLAGS]"), r.output());
        assertTrue(r.output().contains("without " + AGRONA_FLAG), r.output());
        assertTrue(r.output().contains("Start java with these flags: " + AGRONA_FLAG), r.output());
    }

    @Test
    void theSameChildJvmWithTheFlagsStarts() throws Exception {
        List<String> flags = JvmFlags.forThisJdk();
        assertTrue(String.join(" ", flags).startsWith(AGRONA_FLAG), flags.toString());
        ChildJvm.Result r = ChildJvm.run(flags, FlagProbe.class);
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("started", r.output().strip());
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
}
