package dev.lockstep.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose every invocation is a hardened call: once {@link Lockstep#install()} has
 * run (or the JVM was started with {@code -javaagent:} the {@code lockstep-stm-core} jar), the
 * method body runs as replicas exactly as if it were passed to {@link Hardener#call}.
 *
 * <pre>{@code
 * @Hardened("ledger")
 * public long transfer(int from, int to, long amount) { ... }
 * }</pre>
 *
 * <p>Works on instance and static methods of any visibility, in final classes too, with any
 * return type and checked exceptions. A {@code @Hardened} method called inside another hardened
 * call joins that call. Called without interception in place, the method's first state write
 * fails with {@link ErrorCode#NOT_INSTALLED} instead of running unprotected.
 *
 * <p><b>Note:</b> an annotation; the hardener it names must be thread-safe, as all are.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Hardened {
    /**
     * The name of the hardener that runs the method, as given to
     * {@link HardenerBuilder#name(String)}. Empty (the default) means the hardener named
     * {@code "default"}, created with default settings if none was built.
     *
     * @return the hardener's name, or empty for the default one
     */
    String value() default "";
}
