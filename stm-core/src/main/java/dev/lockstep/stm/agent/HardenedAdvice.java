package dev.lockstep.stm.agent;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code Byte Buddy inlines into each {@code @Hardened} method. On entry it asks
 * {@link Interception}: inside a hardened call the body runs as usual (this is how a replica,
 * or a nested call, executes it); otherwise the whole call runs through the hardener and the
 * original body is skipped, its agreed result becoming the method's return value.
 */
final class HardenedAdvice {
    private HardenedAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object enter(@Advice.Origin Class<?> type,
                        @Advice.Origin("#m#d") String method,
                        @Advice.This(optional = true) Object self,
                        @Advice.AllArguments Object[] args) throws Throwable {
        return Interception.enter(type, method, self, args);
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter Object outcome,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (outcome != null) {
            returned = Interception.result(outcome);
        }
    }
}
