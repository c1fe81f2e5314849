package dev.lockstep.examples.ledger;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Stats;
import dev.lockstep.api.state.StateStore;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The main demo: the same random transfers, with the same rate of injected bit flips, run once
 * as plain Java and once hardened by Lockstep. Plain Java silently loses or invents money;
 * Lockstep detects every flip that reaches an output, retries, and keeps the total exact.
 */
public final class LedgerDemo {
    static final int ACCOUNTS = 16;
    static final long OPENING = 1_000;

    private LedgerDemo() {
    }

    /**
     * What one run of the demo measured.
     *
     * @param transfers  transfers attempted
     * @param flipRate   the probability that a written value gets a flipped bit
     * @param plainFlips bit flips injected into the plain Java run
     * @param plainTotal the plain Java run's final total
     * @param flips      bit flips injected into Lockstep's replicas
     * @param stats      the "ledger" hardener's counters
     * @param receipts   receipts sent after commit
     * @param rejected   transfers rejected for insufficient funds
     * @param total      Lockstep's final total
     * @param balances   Lockstep's final balances
     * @param faultLog   the lines logged to dev.lockstep.faults
     */
    public record Report(long transfers, double flipRate, long plainFlips, long plainTotal, long flips, Stats stats,
                  long receipts, long rejected, long total, long[] balances, List<String> faultLog) {
        /**
         * Returns what the total must be.
         *
         * @return accounts times the opening balance
         */
        public long expectedTotal() {
            return ACCOUNTS * OPENING;
        }
    }

    /** The demo's default seed: the README's figures come from it. */
    public static final long SEED = 42;
    /** The demo's default number of transfers. */
    public static final int TRANSFERS = 20_000;
    /** The demo's default probability of a bit flip per value written. */
    public static final double FLIP_RATE = 0.01;

    /**
     * Runs the demo with its defaults and prints the report.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        print(run(SEED, TRANSFERS, FLIP_RATE), out);
        out.flush();
    }

    /**
     * Runs the same transfers as plain Java and through Lockstep, with the same fault rate.
     *
     * @param seed            seeds the transfers and the faults
     * @param transfers       how many transfers
     * @param flipProbability the probability that a written value gets a flipped bit
     * @return what was measured
     */
    public static Report run(long seed, int transfers, double flipProbability) {
        int[][] plan = plan(seed, transfers);

        // Plain Java, same transfers, same fault model on every balance written.
        RandomBitFlips plainFaults = new RandomBitFlips(seed + 1, flipProbability);
        plainFaults.arm();
        long[] plain = new long[ACCOUNTS];
        Arrays.fill(plain, OPENING);
        for (int[] t : plan) {
            if (plain[t[0]] >= t[2]) {
                plain[t[0]] = plainFaults.maybeFlip(plain[t[0]] - t[2]);
                plain[t[1]] = plainFaults.maybeFlip(plain[t[1]] + t[2]);
            }
        }
        long plainTotal = Arrays.stream(plain).sum();

        // Lockstep: the same transfers through a @Hardened service, and the same fault model on
        // every replica's writes.
        Lockstep.install();
        RandomBitFlips faults = new RandomBitFlips(seed + 1, flipProbability);
        FaultLog faultLog = FaultLog.capture();
        try (StateStore store = Lockstep.inMemoryStore()) {
            Hardener hardener = Lockstep.builder().name("ledger").maxRetries(3).faultHook(faults).build();
            long[] receipts = {0};
            LedgerService ledger = new LedgerService(store, ACCOUNTS, balance -> receipts[0]++);
            ledger.open(OPENING);
            faults.arm();
            long rejected = 0;
            for (int[] t : plan) {
                try {
                    ledger.transfer(t[0], t[1], t[2]);
                } catch (InsufficientFundsException e) {
                    rejected++;
                }
            }
            long total = ledger.total();
            return new Report(transfers, flipProbability, plainFaults.flips(), plainTotal, faults.flips(),
                    hardener.stats(), receipts[0], rejected, total, ledger.balances(),
                    faultLog.stop());
        }
    }

    /** The transfers of a run: {from, to, amount} each, drawn from {@code seed}. */
    static int[][] plan(long seed, int transfers) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] plan = new int[transfers][];
        for (int i = 0; i < transfers; i++) {
            int from = random.nextInt(ACCOUNTS);
            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            plan[i] = new int[] {from, to, 1 + random.nextInt(200)};
        }
        return plan;
    }

    /** Commits minus the calls that opened the accounts and read the total. */
    static long transfersCommitted(Report r) {
        return r.stats().commits() - 2;
    }

    /**
     * Prints a report for people.
     *
     * @param r   the report
     * @param out where to print
     */
    public static void print(Report r, PrintWriter out) {
        Stats s = r.stats();
        out.printf("Lockstep ledger demo: %d accounts x %,d, %,d random transfers,%n"
                + "a random bit flipped in about %s of the values written.%n%n", ACCOUNTS, OPENING, r.transfers(),
                r.flipRate() * 100 + "%");
        out.printf("Plain Java:    %,d bit flips, total %,d -> %,d  (%s)%n", r.plainFlips(),
                r.expectedTotal(), r.plainTotal(),
                r.plainTotal() == r.expectedTotal() ? "unchanged by luck" : "silent data corruption");
        out.printf("With Lockstep: %,d bit flips injected into replicas (one attempt may take several)%n", r.flips());
        out.printf("               %,d mismatches detected, %,d retries, %,d committed, %,d unrecoverable%n",
                s.mismatches(), s.retries(), transfersCommitted(r), s.unrecoverable());
        out.printf("               %,d receipts sent after commit, %,d transfers rejected for insufficient funds%n",
                r.receipts(), r.rejected());
        out.println();
        out.println("First faults caught (System.Logger 'dev.lockstep.faults'):");
        r.faultLog().stream().limit(3).forEach(line -> out.println("  " + line));
        out.println();
        out.println("Final balances: " + Arrays.toString(r.balances()));
        boolean ok = r.total() == r.expectedTotal();
        out.printf("Invariant: total = %,d, expected %,d: %s%n", r.total(), r.expectedTotal(),
                ok ? "OK" : "VIOLATED");
    }

    /** Collects what Lockstep logs about caught faults, instead of printing it to stderr. */
    private static final class FaultLog extends Handler {
        private final Logger logger = Logger.getLogger("dev.lockstep.faults");
        private final List<String> lines = new ArrayList<>();
        private final boolean parentHandlers = logger.getUseParentHandlers();

        static FaultLog capture() {
            FaultLog log = new FaultLog();
            log.logger.addHandler(log);
            log.logger.setUseParentHandlers(false);
            return log;
        }

        List<String> stop() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(parentHandlers);
            return List.copyOf(lines);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                lines.add(new java.text.MessageFormat(record.getMessage()).format(record.getParameters()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
