package io.mtflux.samples;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The command-line flags of the CLIs: {@code --name value} pairs and {@code --switch}es, nothing else. */
final class Flags {
    private Flags() {
    }

    /**
     * The flags of {@code args} from index {@code from} on, by name; a switch maps to {@code "true"}, a flag given
     * twice keeps its last value.
     *
     * @throws UsageException for an unknown flag or a flag without its value
     */
    static Map<String, String> parse(String[] args, int from, Set<String> valued, Set<String> switches) {
        Map<String, String> flags = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (switches.contains(arg)) {
                flags.put(arg, "true");
            } else if (valued.contains(arg)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                flags.put(arg, args[++i]);
            } else {
                throw new UsageException("unknown flag " + shown(arg));
            }
        }
        return flags;
    }

    /** The flags of both sets. */
    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** {@code value} for a message: cut after 40 characters (a mistyped secret is not echoed whole). */
    static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 12) + "..." : value;
    }

    /**
     * A whole number.
     *
     * @throws UsageException when {@code value} is not one
     */
    static int intFlag(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got '" + shown(value) + "'");
        }
    }
}
