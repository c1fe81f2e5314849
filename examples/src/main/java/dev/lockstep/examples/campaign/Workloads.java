package dev.lockstep.examples.campaign;

import dev.lockstep.examples.workloads.Histogram;
import dev.lockstep.examples.workloads.KMeans;
import dev.lockstep.examples.workloads.LedgerTransfers;
import dev.lockstep.examples.workloads.LinearRegression;
import dev.lockstep.examples.workloads.MatrixMultiply;
import dev.lockstep.examples.workloads.StringMatch;
import dev.lockstep.examples.workloads.WordCount;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The campaign workloads by the names the CLI knows them by. */
public final class Workloads {
    private static final Map<String, String> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("histogram", Histogram.class.getName());
        BY_NAME.put("linear-regression", LinearRegression.class.getName());
        BY_NAME.put("kmeans", KMeans.class.getName());
        BY_NAME.put("matrix-multiply", MatrixMultiply.class.getName());
        BY_NAME.put("word-count", WordCount.class.getName());
        BY_NAME.put("string-match", StringMatch.class.getName());
        BY_NAME.put("ledger", LedgerTransfers.class.getName());
    }

    private Workloads() {
    }

    /**
     * Returns every workload: name to class name, in report order.
     *
     * @return an unmodifiable map
     */
    public static Map<String, String> all() {
        return Collections.unmodifiableMap(BY_NAME);
    }

    /**
     * Returns the class name of a workload.
     *
     * @param name a name such as {@code histogram}
     * @return the fully qualified class name
     * @throws IllegalArgumentException naming the known workloads
     */
    public static String className(String name) {
        String found = BY_NAME.get(name);
        if (found == null) {
            throw new IllegalArgumentException("no workload '" + name + "': use one of " + BY_NAME.keySet());
        }
        return found;
    }
}
