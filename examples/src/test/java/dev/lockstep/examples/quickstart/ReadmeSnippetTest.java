package dev.lockstep.examples.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every code snippet in the README is a tagged region of compiled code, and the examples run. */
class ReadmeSnippetTest {
    private static final String SOURCES = "src/main/java/dev/lockstep/examples/";

    @ParameterizedTest(name = "{1} from {0}")
    @CsvSource({
            "ledger/LedgerService.java, service",
            "quickstart/AnnotatedQuickStart.java, annotated",
            "quickstart/QuickStart.java, quickstart",
            "quickstart/ParallelQuickStart.java, parallel",
            "kv/KvService.java, persistent",
    })
    void readmeQuotesTheTaggedRegionVerbatim(String file, String tag) throws IOException {
        String source = Files.readString(Path.of(SOURCES + file));
        String start = "// tag::" + tag + "[]";
        String end = "// end::" + tag + "[]";
        String region = source.substring(source.indexOf(start) + start.length(), source.indexOf(end));
        int indent = region.lines().skip(1).filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        String unindented = region.lines().skip(1)
                .map(line -> line.length() >= indent ? line.substring(indent) : line.strip())
                .collect(Collectors.joining("\n")).strip();
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(unindented),
                "README.md must contain the " + tag + " region of " + file + " verbatim:\n" + unindented);
    }

    @Test
    void theQuickStartsRun() {
        String programmatic = capture(() -> QuickStart.main(new String[0]));
        assertTrue(programmatic.contains("sent receipt for 100"), programmatic);
        assertTrue(programmatic.contains("100 -> 95, 5; Stats{commits=2, mismatches=0"), programmatic);

        String annotated = capture(() -> AnnotatedQuickStart.main(new String[0]));
        assertTrue(annotated.contains("receipt: 750"), annotated);
        assertTrue(annotated.contains("750 left; Stats{commits=2, mismatches=0"), annotated);

        String parallel = capture(() -> ParallelQuickStart.main(new String[0]));
        assertTrue(parallel.contains("95 left; 2 parallel attempts"), parallel);
    }

    private static String capture(Runnable program) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
