package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.stm.call.StmHardener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hardeners {@code @Hardened("name")} can find: the last one built with each name. The
 * hardener named {@code "default"} is created with default settings on first use if none was
 * built.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class HardenerRegistry {
    private final Map<String, StmHardener> byName = new ConcurrentHashMap<>();

    void register(StmHardener hardener) {
        byName.put(hardener.name(), hardener);
    }

    /**
     * Returns the hardener named {@code name} ({@code "default"} if empty) for {@code method}.
     *
     * @throws LockstepException with {@link ErrorCode#UNKNOWN_HARDENER} naming the method
     */
    StmHardener forAnnotation(String name, String method) {
        String wanted = name.isEmpty() ? HardenerConfig.DEFAULT_NAME : name;
        StmHardener found = byName.get(wanted);
        if (found != null) {
            return found;
        }
        if (wanted.equals(HardenerConfig.DEFAULT_NAME)) {
            Hardener created = Lockstep.builder().build();
            return byName.computeIfAbsent(wanted, n -> (StmHardener) created);
        }
        throw new LockstepException(ErrorCode.UNKNOWN_HARDENER, method + " is @Hardened(\""
                + name + "\"), but no hardener named '" + name + "' was built. Build it before the "
                + "first call: Lockstep.builder().name(\"" + name + "\")...build(); or use "
                + "@Hardened without a name for the default hardener. Known names: " + byName.keySet());
    }
}
