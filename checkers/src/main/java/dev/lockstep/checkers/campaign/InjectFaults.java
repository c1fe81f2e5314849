package dev.lockstep.checkers.campaign;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a JUnit 5 test once without faults, then once per injection with one fault injected
 * into its hardened calls, and fails if any injection made the test's assertions fail: silent
 * data corruption that Lockstep let through. An injection that ends in
 * {@code UnrecoverableFaultException} (detected, nothing committed) does not fail the test.
 *
 * <pre>{@code
 * @Test
 * @InjectFaults(model = FaultModel.BITFLIP, injections = 200)
 * void transfersSurviveBitFlips() {
 *     // builds its own state and hardener, calls the code under test, asserts the result
 * }
 * }</pre>
 *
 * <p>Faults land only inside replicas of hardened calls, never in the test's own code. The
 * bytecode models ({@code BITFLIP}, {@code BYTEMASK}, {@code STICKY}) instrument the classes of
 * {@link #packages()} (the test class's package by default, the test class itself excluded)
 * for the duration of the test, through the same agent as {@code Lockstep.install()}.
 *
 * <p>The method runs {@code 1 + injections} times on one test instance, without
 * {@code @BeforeEach} in between: it must set up the state it checks.
 *
 * <p><b>Note:</b> an annotation; run such tests on one thread (not concurrently with each other).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ExtendWith(InjectFaultsExtension.class)
public @interface InjectFaults {
    /**
     * The fault model.
     *
     * @return what each injection does
     */
    FaultModel model() default FaultModel.BITFLIP;

    /**
     * How many injections.
     *
     * @return 1 or more
     */
    int injections() default 100;

    /**
     * The seed every injection is drawn from, with its index.
     *
     * @return the seed
     */
    long seed() default 1;

    /**
     * The packages whose classes the bytecode models instrument.
     *
     * @return package names; empty for the test class's own package
     */
    String[] packages() default {};
}
