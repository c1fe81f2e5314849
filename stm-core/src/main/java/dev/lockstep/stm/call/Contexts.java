package dev.lockstep.stm.call;

import java.util.function.Supplier;

/**
 * Each thread's {@link CallContext}: a {@link ThreadLocal}, with a small cache in front of it,
 * since every state access of a body looks its context up. The cache is a table of immutable
 * (thread, context) bindings indexed by the thread's identity hash: a hit costs a few loads and
 * one comparison, where a {@code ThreadLocal} lookup probes a hash map and a weak reference.
 * Bindings are written without synchronization: a reader takes a binding only if its thread is
 * the reader's own, and a thread only ever writes bindings for itself, so a binding a thread
 * reads back for itself is one it wrote (its fields are final, so any binding read is whole).
 * Two threads that share a slot each fall back to the {@code ThreadLocal}.
 *
 * <p>The table keeps the last {@value #SLOTS} threads' bindings alive until another thread
 * takes the slot: a dead thread's context is freed that late, never more than that many.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class Contexts {
    private static final int SLOTS = 256;

    private record Binding(Thread thread, CallContext context) {
    }

    private final ThreadLocal<CallContext> contexts;
    private final Binding[] bindings = new Binding[SLOTS];

    Contexts(Supplier<CallContext> initial) {
        this.contexts = ThreadLocal.withInitial(initial);
    }

    /** The calling thread's context. */
    CallContext get() {
        Thread thread = Thread.currentThread();
        int slot = slot(thread);
        Binding b = bindings[slot];
        if (b != null && b.thread == thread) {
            return b.context;
        }
        CallContext context = contexts.get();
        bindings[slot] = new Binding(thread, context);
        return context;
    }

    /** Makes {@code context} the calling thread's. */
    void set(CallContext context) {
        Thread thread = Thread.currentThread();
        contexts.set(context);
        bindings[slot(thread)] = new Binding(thread, context);
    }

    private static int slot(Thread thread) {
        return System.identityHashCode(thread) & (SLOTS - 1);
    }
}
