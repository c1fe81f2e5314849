package dev.lockstep.api;

import dev.lockstep.api.spi.LockstepProvider;

import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Loads the one {@link LockstepProvider} once (SLF4J style) and remembers a failure, so that
 * every later use reports the same clear error instead of a {@code NoClassDefFoundError}.
 */
final class ProviderHolder {
    private static final Object LOADED = load(ProviderHolder.class.getClassLoader());

    private ProviderHolder() {
    }

    static LockstepProvider get() {
        if (LOADED instanceof LockstepProvider) {
            return (LockstepProvider) LOADED;
        }
        LockstepException failure = (LockstepException) LOADED;
        throw new LockstepException(failure.code(), detailOf(failure), failure);
    }

    /**
     * Finds the providers visible to {@code loader}.
     *
     * @return the provider, or the {@link LockstepException} that explains why there is none
     */
    static Object load(ClassLoader loader) {
        List<ServiceLoader.Provider<LockstepProvider>> found =
                ServiceLoader.load(LockstepProvider.class, loader).stream()
                        .collect(Collectors.toList());
        if (found.isEmpty()) {
            return new LockstepException(ErrorCode.NO_PROVIDER,
                    "no Lockstep runtime on the class path. Add the dependency "
                            + "dev.lockstep:lockstep-stm-core (it registers "
                            + LockstepProvider.class.getName() + " in META-INF/services).");
        }
        if (found.size() > 1) {
            String names = found.stream().map(p -> p.type().getName())
                    .collect(Collectors.joining(", "));
            return new LockstepException(ErrorCode.MULTIPLE_PROVIDERS,
                    found.size() + " Lockstep runtimes on the class path (" + names
                            + "). Keep exactly one: remove the other jars or exclude them.");
        }
        try {
            return found.get(0).get();
        } catch (ServiceConfigurationError e) {
            if (e.getCause() instanceof LockstepException) {
                return e.getCause();
            }
            return new LockstepException(ErrorCode.NO_PROVIDER,
                    "the Lockstep runtime " + found.get(0).type().getName()
                            + " could not be started: " + e.getMessage(), e);
        }
    }

    private static String detailOf(LockstepException e) {
        String prefix = e.code().format("");
        return e.getMessage().substring(prefix.length());
    }
}
