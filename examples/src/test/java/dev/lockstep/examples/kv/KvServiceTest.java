package dev.lockstep.examples.kv;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.checkers.lint.LockstepLint;
import dev.lockstep.examples.cli.LockstepCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 5's example: a persistent key-value program whose data survives restarts. */
class KvServiceTest {
    @TempDir
    Path dir;

    @Test
    void dataSurvivesReopeningAndEveryOperationIsHardened() {
        Lockstep.install();
        Hardener h = Lockstep.builder().name("kv").build();
        try (KvService kv = new KvService(dir)) {
            assertNull(kv.put("b", bytes("2")));
            assertNull(kv.put("a", bytes("1")));
            assertArrayEquals(bytes("1"), kv.put("a", bytes("one")));
        }
        try (KvService kv = new KvService(dir)) {
            assertEquals(List.of("a", "b"), kv.list());
            assertArrayEquals(bytes("one"), kv.get("a"));
            assertArrayEquals(bytes("2"), kv.remove("b"));
            assertNull(kv.get("b"));
        }
        assertEquals(7, h.stats().commits(), "three puts, list, get, remove, get");
        LockstepLint.assertClean(KvService.class);
    }

    @Test
    void theCliRemembersAcrossRuns() {
        String store = dir.resolve("cli").toString();
        assertEquals("created colour", run("kv", "--dir", store, "put", "colour", "blue"));
        assertEquals("created size", run("kv", "--dir", store, "put", "size", "L"));
        assertEquals("updated colour (was blue)", run("kv", "--dir", store, "put", "colour", "green"));
        assertEquals("green", run("kv", "--dir", store, "get", "colour"));
        assertEquals("colour\nsize", run("kv", "--dir", store, "list"));
        assertEquals("removed size", run("kv", "--dir", store, "remove", "size"));
        assertEquals("no size", run("kv", "--dir", store, "get", "size"));
        assertTrue(java.nio.file.Files.exists(Path.of(store, "kv.chronicle")));
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new LockstepCli());
        cli.setOut(new PrintWriter(out, true));
        cli.execute(args);
        return out.toString().strip();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
