package dev.lockstep.stm.agent;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Checks, before any library class needs them, that the JVM has the module flags the libraries
 * need. The list is not kept here: it is filtered from the parent pom's
 * {@code lockstep.jvm.flags.*} properties (the one place) into {@code jvm-flags.properties}.
 *
 * <p>{@code --add-exports} and {@code --add-opens} are checked exactly, with the module API.
 * The JDK 21+ and 24+ flags only silence warnings that the JVM itself prints with the flag's
 * name, so they are listed in the message but not checked.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
public final class JvmFlags {
    private static final String RESOURCE = "jvm-flags.properties";

    private JvmFlags() {
    }

    /**
     * Fails unless the JVM has every flag the libraries need on all JDKs.
     *
     * @throws LockstepException with {@link ErrorCode#MISSING_JVM_FLAGS} naming the missing ones
     */
    public static void check() {
        List<String> missing = missing(tokens(load().getProperty("base")), JvmFlags.class.getModule());
        if (!missing.isEmpty()) {
            List<String> all = forThisJdk();
            throw new LockstepException(ErrorCode.MISSING_JVM_FLAGS, "this JVM was started "
                    + "without " + String.join(" ", missing) + ", which Lockstep's libraries need. "
                    + "Start java with these flags: " + String.join(" ", all)
                    + " (in Maven: the surefire <argLine> and exec arguments; see the README, "
                    + "\"JVM flags\").");
        }
    }

    /**
     * Every flag the libraries want on the running JDK's version, in the pom's order.
     *
     * @return the flags
     */
    public static List<String> forThisJdk() {
        Properties flags = load();
        List<String> all = new ArrayList<>(tokens(flags.getProperty("base")));
        int feature = Runtime.version().feature();
        if (feature >= 21) {
            all.addAll(tokens(flags.getProperty("jdk21")));
        }
        if (feature >= 24) {
            all.addAll(tokens(flags.getProperty("jdk24")));
        }
        return all;
    }

    /**
     * Returns the {@code --add-exports}/{@code --add-opens} flags among {@code flags} that are
     * not in effect for {@code target} (the module that stands for {@code ALL-UNNAMED}).
     */
    static List<String> missing(List<String> flags, Module target) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            String option;
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--add-") && eq > 0 && flag.indexOf('/') > eq) {
                option = flag.substring(0, eq);
                value = flag.substring(eq + 1);
            } else if ((flag.equals("--add-exports") || flag.equals("--add-opens")) && i + 1 < flags.size()) {
                option = flag;
                value = flags.get(++i);
            } else {
                continue;
            }
            if (!inEffect(option, value, target)) {
                missing.add(option + " " + value);
            }
        }
        return missing;
    }

    private static boolean inEffect(String option, String value, Module target) {
        int slash = value.indexOf('/');
        int eq = value.indexOf('=', slash);
        if (slash < 0 || eq < 0) {
            return true;
        }
        Optional<Module> module = ModuleLayer.boot().findModule(value.substring(0, slash));
        if (module.isEmpty()) {
            return false;
        }
        String pkg = value.substring(slash + 1, eq);
        return option.equals("--add-opens")
                ? module.get().isOpen(pkg, target)
                : module.get().isExported(pkg, target);
    }

    static List<String> tokens(String flags) {
        if (flags == null || flags.isBlank()) {
            return List.of();
        }
        return Arrays.asList(flags.trim().split("\\s+"));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from lockstep-stm-core");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
