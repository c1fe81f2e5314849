package dev.lockstep.stm.call;

/**
 * Where two replicas' outputs (or inputs) first differed, what each had there, and, where
 * {@link Diagnosis} can tell, the cause and its fix.
 *
 * @param location    a cell such as {@code accounts[3]}, {@code return value},
 *                    {@code exception}, {@code deferred effects} or {@code input #n}
 * @param firstRole   the role of the first replica compared, e.g. {@code leader}
 * @param firstValue  what it had
 * @param secondRole  the role of the other replica
 * @param secondValue what that one had
 * @param cause       why the replicas disagreed when it is not a faulty core, and the fix, or
 *                    null; not part of {@link #toString()}
 */
record Difference(String location, String firstRole, String firstValue, String secondRole,
                  String secondValue, String cause) {

    Difference(String location, String firstRole, String firstValue, String secondRole, String secondValue) {
        this(location, firstRole, firstValue, secondRole, secondValue, null);
    }

    /** This difference with {@code cause}, unless it already has one or {@code cause} is null. */
    Difference withCause(String cause) {
        return this.cause != null || cause == null ? this
                : new Difference(location, firstRole, firstValue, secondRole, secondValue, cause);
    }

    @Override
    public String toString() {
        return location + ": " + firstRole + " " + firstValue + ", " + secondRole + " " + secondValue;
    }
}
