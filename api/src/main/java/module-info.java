/**
 * Lockstep's public API: hardeners, state, non-determinism, deferred effects and the SPI
 * through which the runtime ({@code lockstep-stm-core}) is found with {@link java.util.ServiceLoader}.
 */
module dev.lockstep.api {
    exports dev.lockstep.api;
    exports dev.lockstep.api.state;
    exports dev.lockstep.api.spi;

    uses dev.lockstep.api.spi.LockstepProvider;
}
