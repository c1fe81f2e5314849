package dev.lockstep.checkers.lint;

import java.util.Set;

/**
 * Which calls into the JDK break a rule. The lint does not descend into the JDK: it judges a
 * JDK call by its owner and name alone, so these lists are the whole of what it knows.
 */
final class JdkCalls {
    /** Owner#name pairs that read time or randomness. */
    private static final Set<String> TIME_AND_RANDOMNESS = Set.of(
            "java/lang/System#nanoTime", "java/lang/System#currentTimeMillis",
            "java/lang/Math#random", "java/lang/StrictMath#random",
            "java/util/UUID#randomUUID",
            "java/util/concurrent/ThreadLocalRandom#current",
            "java/time/Clock#systemUTC", "java/time/Clock#systemDefaultZone",
            "java/time/InstantSource#system");
    /** Types whose no-argument constructor seeds itself from time or entropy. */
    private static final Set<String> SELF_SEEDING = Set.of(
            "java/util/Random", "java/util/SplittableRandom", "java/util/Date");
    /** Types whose now() methods read the clock. */
    private static final String TIME_PACKAGE = "java/time/";

    private static final Set<String> IO_PREFIXES = Set.of(
            "java/io/", "java/nio/file/", "java/nio/channels/", "java/net/", "java/sql/",
            "javax/net/", "java/net/http/");
    /** In-memory stand-ins for streams, and value types of the I/O packages. */
    private static final Set<String> IO_EXEMPT = Set.of(
            "java/io/ByteArrayInputStream", "java/io/ByteArrayOutputStream",
            "java/io/StringReader", "java/io/StringWriter", "java/io/CharArrayReader",
            "java/io/CharArrayWriter", "java/io/Serializable", "java/io/Closeable",
            "java/net/URI", "java/net/URLEncoder", "java/net/URLDecoder", "java/nio/file/Path");

    private static final Set<String> BLOCKING = Set.of(
            "java/lang/Thread#sleep", "java/lang/Thread#join", "java/lang/Thread#start",
            "java/lang/Thread#yield", "java/lang/Thread#onSpinWait",
            "java/lang/Object#wait", "java/lang/Object#notify", "java/lang/Object#notifyAll");
    private static final Set<String> BLOCKING_PREFIXES = Set.of(
            "java/util/concurrent/locks/", "java/util/concurrent/CountDownLatch",
            "java/util/concurrent/Semaphore", "java/util/concurrent/CyclicBarrier",
            "java/util/concurrent/Phaser", "java/util/concurrent/Exchanger",
            "java/util/concurrent/Future", "java/util/concurrent/CompletableFuture",
            "java/util/concurrent/ExecutorService", "java/util/concurrent/BlockingQueue");

    private static final Set<String> REFLECTION = Set.of(
            "java/lang/Class#forName", "java/lang/Class#newInstance",
            "java/lang/Class#getMethod", "java/lang/Class#getDeclaredMethod",
            "java/lang/Class#getField", "java/lang/Class#getDeclaredField");
    private static final Set<String> REFLECTION_PREFIXES = Set.of(
            "java/lang/reflect/", "java/lang/invoke/MethodHandle", "java/lang/invoke/VarHandle");
    /** Calling a functional interface runs code chosen at run time: the lint cannot see it. */
    private static final Set<String> FUNCTIONAL = Set.of(
            "java/lang/Runnable#run", "java/util/concurrent/Callable#call");

    private JdkCalls() {
    }

    static boolean isJdk(String owner) {
        return owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/")
                || owner.startsWith("sun/") || owner.startsWith("com/sun/");
    }

    /** The rule a call to the JDK breaks, or null. */
    static Rule classify(String owner, String name, String descriptor) {
        String key = owner + "#" + name;
        if (TIME_AND_RANDOMNESS.contains(key)
                || owner.equals("java/security/SecureRandom")
                || (SELF_SEEDING.contains(owner) && name.equals("<init>") && descriptor.equals("()V"))
                || (owner.startsWith(TIME_PACKAGE) && name.equals("now"))) {
            return Rule.TIME_AND_RANDOMNESS;
        }
        if (BLOCKING.contains(key) || startsWithAny(owner, BLOCKING_PREFIXES)) {
            return Rule.BLOCKING_AND_LOCKS;
        }
        if (startsWithAny(owner, IO_PREFIXES) && !IO_EXEMPT.contains(owner)
                && !owner.endsWith("Exception") && !owner.endsWith("Error")) {
            return Rule.IO;
        }
        if (REFLECTION.contains(key) || startsWithAny(owner, REFLECTION_PREFIXES)
                || FUNCTIONAL.contains(key) || owner.startsWith("java/util/function/")) {
            return Rule.OPAQUE_CALL;
        }
        return null;
    }

    /** The rule reading a JDK static field breaks, or null: System.out, err and in are I/O. */
    static Rule classifyStaticRead(String owner, String name) {
        return owner.equals("java/lang/System") && (name.equals("out") || name.equals("err") || name.equals("in"))
                ? Rule.IO : null;
    }

    private static boolean startsWithAny(String owner, Set<String> prefixes) {
        for (String prefix : prefixes) {
            if (owner.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
