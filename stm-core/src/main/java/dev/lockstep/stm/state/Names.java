package dev.lockstep.stm.state;

import java.util.regex.Pattern;

/** The names stores accept for their cells and maps: safe as file names, in every store alike. */
final class Names {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Names() {
    }

    static String check(String kind, String name) {
        if (name == null || !ALLOWED.matcher(name).matches()) {
            throw new IllegalArgumentException(kind + " name " + (name == null ? "null" : "'" + name + "'")
                    + " is not allowed: use 1 to 64 letters, digits, '-' or '_' (names become file names, "
                    + "so nothing that could leave the store's directory)");
        }
        return name;
    }
}
