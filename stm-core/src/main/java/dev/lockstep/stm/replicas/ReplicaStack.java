package dev.lockstep.stm.replicas;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The stack size of replica threads. A replica thread runs the same body as the caller's
 * thread, so it needs a stack as deep: a body that recurses deeply on the caller's thread must
 * not overflow on a replica thread, where the overflow would look like a disagreement.
 *
 * <p>The size comes from the system property {@value #PROPERTY} (bytes, or with a {@code k},
 * {@code m} or {@code g} suffix as for {@code -Xss}), read each time a replica thread is
 * created; unset, it is the JVM's default thread stack size (HotSpot's {@code ThreadStackSize},
 * which {@code -Xss} sets), the size the caller's threads get unless they were created with
 * their own. Set it when callers run on threads created with a larger stack, or on a main
 * thread whose stack differs from the default.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
final class ReplicaStack {
    /** The system property that sets the replica threads' stack size. */
    static final String PROPERTY = "lockstep.replicaStackSize";

    private ReplicaStack() {
    }

    /**
     * The stack size to create a replica thread with, in bytes; 0 means the JVM's default
     * (where the JVM cannot tell its default).
     *
     * @throws IllegalArgumentException if {@value #PROPERTY} is set to something other than a
     *                                  positive size
     */
    static long bytes() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return jvmDefault();
        }
        try {
            long size = parse(value.strip());
            if (size > 0) {
                return size;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below, with the accepted forms
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not a stack size: "
                + "give a positive number of bytes, optionally with a k, m or g suffix (as -Xss), "
                + "e.g. -D" + PROPERTY + "=16m");
    }

    private static long parse(String value) {
        char unit = Character.toLowerCase(value.charAt(value.length() - 1));
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? value : value.substring(0, value.length() - 1);
        long number = Long.parseLong(digits.toLowerCase(Locale.ROOT));
        return Math.multiplyExact(number, 1L << shift);
    }

    /** HotSpot's {@code ThreadStackSize} in bytes, or 0 where the JVM does not say. */
    static long jvmDefault() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long kib = Long.parseLong(hotspot.getVMOption("ThreadStackSize").getValue());
            return kib * 1024;
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }
}
