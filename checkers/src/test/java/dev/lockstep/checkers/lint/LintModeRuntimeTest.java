package dev.lockstep.checkers.lint;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.LintMode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.checkers.lint.fixtures.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 3: the runtime applies the lint to @Hardened methods as each hardener's mode says. */
class LintModeRuntimeTest {
    private static StateStore store;
    private static LongCells cells;

    @BeforeAll
    static void install() {
        Lockstep.install();
        store = Lockstep.inMemoryStore();
        cells = store.longCells("lint", 8);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void failModeRefusesAMethodWithErrorsAndRunsNothing() {
        Hardener h = Lockstep.builder().name("lint-fail").lint(LintMode.FAIL).build();
        LockstepException e = assertThrows(LockstepException.class, () -> new Services.Dirty(cells).refused(0));
        assertEquals(ErrorCode.LINT_FAILED, e.code());
        assertTrue(e.getMessage().contains("Services$Dirty.refused breaks the rules"), e.getMessage());
        assertTrue(e.getMessage().contains("[io]"), e.getMessage());
        assertEquals(0, cells.get(0));
        assertEquals(0, h.stats().commits());
    }

    @Test
    void warnModeLogsTheFindingsOnceAndRuns() {
        Hardener h = Lockstep.builder().name("lint-warn").lint(LintMode.WARN).build();
        List<String> logged = capture("dev.lockstep.lint", () -> {
            new Services.Dirty(cells).warned(1);
            new Services.Dirty(cells).warned(1);
        });
        assertEquals(2, cells.get(1));
        assertEquals(2, h.stats().commits());
        assertEquals(1, logged.size(), "logged once per method: " + logged);
        assertTrue(logged.get(0).contains("[io]") && logged.get(0).contains("warned"), logged.get(0));
    }

    @Test
    void offModeRunsWithoutLooking() {
        Lockstep.builder().name("lint-off").lint(LintMode.OFF).build();
        List<String> logged = capture("dev.lockstep.lint", () -> new Services.Dirty(cells).unchecked(2));
        assertEquals(1, cells.get(2));
        assertTrue(logged.isEmpty(), logged.toString());
    }

    @Test
    void failModePassesACleanMethod() {
        Lockstep.builder().name("lint-clean").lint(LintMode.FAIL).build();
        assertTrue(new Services.Clean(cells).stamp(3) > 0);
    }

    @Test
    void theSystemPropertySetsTheDefaultMode() {
        String before = System.getProperty(LintMode.PROPERTY);
        try {
            System.clearProperty(LintMode.PROPERTY);
            assertEquals(LintMode.WARN, LintMode.fromSystemProperty());
            System.setProperty(LintMode.PROPERTY, "FAIL");
            assertEquals(LintMode.FAIL, LintMode.fromSystemProperty());
            System.setProperty(LintMode.PROPERTY, "off");
            assertEquals(LintMode.OFF, LintMode.fromSystemProperty());
            System.setProperty(LintMode.PROPERTY, "loud");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, LintMode::fromSystemProperty);
            assertTrue(e.getMessage().contains("use off, warn or fail"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Lockstep.builder().build());
        } finally {
            if (before == null) {
                System.clearProperty(LintMode.PROPERTY);
            } else {
                System.setProperty(LintMode.PROPERTY, before);
            }
        }
    }

    private static List<String> capture(String loggerName, Runnable action) {
        Logger logger = Logger.getLogger(loggerName);
        List<String> lines = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(new java.text.MessageFormat(r.getMessage()).format(r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return lines;
    }
}
