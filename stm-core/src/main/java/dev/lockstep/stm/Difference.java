package dev.lockstep.stm;

/**
 * Where two replicas' outputs (or inputs) first differed, and what each had there.
 *
 * @param location    a cell such as {@code accounts[3]}, {@code return value},
 *                    {@code exception}, {@code deferred effects} or {@code input #n}
 * @param firstRole   the role of the first replica compared, e.g. {@code leader}
 * @param firstValue  what it had
 * @param secondRole  the role of the other replica
 * @param secondValue what that one had
 */
record Difference(String location, String firstRole, String firstValue, String secondRole,
                  String secondValue) {

    @Override
    public String toString() {
        return location + ": " + firstRole + " " + firstValue + ", " + secondRole + " " + secondValue;
    }
}
