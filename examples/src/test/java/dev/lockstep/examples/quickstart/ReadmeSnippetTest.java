package dev.lockstep.examples.quickstart;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's usage example is the compiled QuickStart, and it runs. */
class ReadmeSnippetTest {

    @Test
    void readmeShowsTheQuickStartSnippetVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/lockstep/examples/quickstart/QuickStart.java"));
        String snippet = source.substring(source.indexOf("// tag::quickstart[]") + "// tag::quickstart[]".length(),
                source.indexOf("// end::quickstart[]"));
        String unindented = snippet.lines().skip(1)
                .map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(Collectors.joining("\n")).strip();
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(unindented),
                "README.md must contain the QuickStart snippet verbatim:\n" + unindented);
    }

    @Test
    void theQuickStartRuns() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("sent receipt for 100"), out);
        assertTrue(out.contains("100 -> 95, 5; Stats{commits=2, mismatches=0"), out);
    }
}
