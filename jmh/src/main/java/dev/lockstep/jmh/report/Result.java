package dev.lockstep.jmh.report;

/**
 * One benchmark configuration's score, as JMH's JSON states it.
 *
 * <p><b>Note:</b> an immutable record, thread-safe.
 *
 * @param score     the average time per call
 * @param error     its 99.9% error
 * @param unit      JMH's unit, such as {@code ns/op} or {@code us/op}
 * @param allocated {@code gc.alloc.rate.norm} in bytes per call, NaN without {@code -prof gc}
 */
record Result(double score, double error, String unit, double allocated) {

    /**
     * Returns the score in microseconds per call, whatever unit the benchmark reported in.
     *
     * @return the score in us/op
     * @throws IllegalArgumentException for a unit that is not a time per operation
     */
    double micros() {
        return switch (unit) {
            case "ns/op" -> score / 1_000;
            case "us/op" -> score;
            case "ms/op" -> score * 1_000;
            case "s/op" -> score * 1_000_000;
            default -> throw new IllegalArgumentException("not a time per call: " + unit);
        };
    }
}
