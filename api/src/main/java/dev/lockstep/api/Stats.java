package dev.lockstep.api;

/**
 * Counters of one {@link Hardener}, taken at one moment.
 *
 * <p>A <em>mismatch</em> is an attempt whose replicas disagreed (with three replicas: no two
 * agreed); each one but the last of a call leads to a <em>retry</em>. A <em>conflict</em> is an
 * attempt lost to another thread's commit; it is re-run without counting as a fault or a retry.
 *
 * <p><b>Note:</b> immutable and safe to share between threads.
 */
public final class Stats {
    private final long commits;
    private final long mismatches;
    private final long retries;
    private final long conflicts;
    private final long unrecoverable;
    private final long outvoted;
    private final long parallel;
    private final long abandoned;

    private Stats(long commits, long mismatches, long retries, long conflicts, long unrecoverable,
                  long outvoted, long parallel, long abandoned) {
        this.commits = commits;
        this.mismatches = mismatches;
        this.retries = retries;
        this.conflicts = conflicts;
        this.unrecoverable = unrecoverable;
        this.outvoted = outvoted;
        this.parallel = parallel;
        this.abandoned = abandoned;
    }

    /**
     * Creates a snapshot. Called by the runtime.
     *
     * @param commits       calls that committed
     * @param mismatches    attempts whose replicas disagreed
     * @param retries       attempts re-run after a mismatch
     * @param conflicts     attempts re-run after losing to a concurrent commit
     * @param unrecoverable calls that ended in {@link UnrecoverableFaultException}
     * @param outvoted      attempts committed by a majority over one dissenting replica
     * @return the snapshot
     * @throws IllegalArgumentException if a counter is negative
     */
    public static Stats of(long commits, long mismatches, long retries, long conflicts,
                           long unrecoverable, long outvoted) {
        return of(commits, mismatches, retries, conflicts, unrecoverable, outvoted, 0, 0);
    }

    /**
     * Creates a snapshot with the execution counters. Called by the runtime.
     *
     * @param commits       calls that committed
     * @param mismatches    attempts whose replicas disagreed
     * @param retries       attempts re-run after a mismatch
     * @param conflicts     attempts re-run after losing to a concurrent commit
     * @param unrecoverable calls that ended in {@link UnrecoverableFaultException}
     * @param outvoted      attempts committed by a majority over one dissenting replica
     * @param parallel      attempts whose replicas ran concurrently on replica threads
     * @param abandoned     replicas the watchdog abandoned for running past the replica timeout
     * @return the snapshot
     * @throws IllegalArgumentException if a counter is negative
     */
    public static Stats of(long commits, long mismatches, long retries, long conflicts,
                           long unrecoverable, long outvoted, long parallel, long abandoned) {
        if ((commits | mismatches | retries | conflicts | unrecoverable | outvoted | parallel
                | abandoned) < 0) {
            throw new IllegalArgumentException("counters cannot be negative");
        }
        return new Stats(commits, mismatches, retries, conflicts, unrecoverable, outvoted,
                parallel, abandoned);
    }

    /**
     * Calls that committed, whether or not they wrote anything.
     *
     * @return the count
     */
    public long commits() {
        return commits;
    }

    /**
     * Attempts whose replicas disagreed, or with three replicas had no majority.
     *
     * @return the count
     */
    public long mismatches() {
        return mismatches;
    }

    /**
     * Attempts re-run after a mismatch.
     *
     * @return the count
     */
    public long retries() {
        return retries;
    }

    /**
     * Attempts re-run because another thread committed what they read. Not faults.
     *
     * @return the count
     */
    public long conflicts() {
        return conflicts;
    }

    /**
     * Calls that ended in {@link UnrecoverableFaultException}.
     *
     * @return the count
     */
    public long unrecoverable() {
        return unrecoverable;
    }

    /**
     * With three replicas: attempts committed by the majority over one dissenting replica, each
     * a fault corrected without a retry.
     *
     * @return the count
     */
    public long outvoted() {
        return outvoted;
    }

    /**
     * Attempts whose later replicas ran on replica threads, concurrently with the leader
     * ({@link Execution#PARALLEL}, or {@link Execution#ADAPTIVE} when it found an idle one).
     *
     * @return the count
     */
    public long parallel() {
        return parallel;
    }

    /**
     * Replicas the watchdog abandoned for running past the replica timeout; each made its
     * attempt a mismatch.
     *
     * @return the count
     */
    public long abandoned() {
        return abandoned;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Stats)) {
            return false;
        }
        Stats s = (Stats) o;
        return commits == s.commits && mismatches == s.mismatches && retries == s.retries
                && conflicts == s.conflicts && unrecoverable == s.unrecoverable && outvoted == s.outvoted
                && parallel == s.parallel && abandoned == s.abandoned;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(
                new long[] {commits, mismatches, retries, conflicts, unrecoverable, outvoted, parallel, abandoned});
    }

    @Override
    public String toString() {
        return "Stats{commits=" + commits + ", mismatches=" + mismatches + ", retries=" + retries
                + ", conflicts=" + conflicts + ", unrecoverable=" + unrecoverable
                + ", outvoted=" + outvoted + ", parallel=" + parallel + ", abandoned=" + abandoned + '}';
    }
}
