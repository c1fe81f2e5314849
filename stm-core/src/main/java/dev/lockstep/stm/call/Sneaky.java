package dev.lockstep.stm.call;

/**
 * Rethrows a body's exception unchanged, checked or not. The public signatures declare the
 * body's own checked exception type {@code X}, so what is rethrown here is what the caller
 * already handles.
 */
final class Sneaky {
    private Sneaky() {
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
