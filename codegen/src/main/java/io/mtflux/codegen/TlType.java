package io.mtflux.codegen;

/**
 * A type reference as written in a TL declaration: {@code int}, {@code Vector<long>}, {@code vector<%message>},
 * {@code !X}, {@code flags.3?InputPeer} (the condition lives on {@link TlParam}), {@code auth.SentCode}.
 *
 * @param name the type name without the {@code %} or {@code !} marker, e.g. {@code Vector}, {@code message}
 * @param bare true for bare references: lowercase names ({@code vector<..>}, {@code future_salt}) and {@code %T}
 * @param genericRef true for {@code !X}, a reference to a generic parameter of the combinator
 * @param element the element type of a {@code Vector}/{@code vector}, otherwise null
 */
public record TlType(String name, boolean bare, boolean genericRef, TlType element) {

    /**
     * Whether TL itself defines {@code name}, so that the schema has no constructors for it.
     *
     * @param name a type name without {@code %} or {@code !}
     * @return true for the base types, {@code #}, {@code Bool}, {@code true}, {@code Vector}, {@code Object} and
     *     {@code Type}
     */
    public static boolean isBuiltin(String name) {
        return switch (name) {
            case "int", "long", "double", "string", "bytes", "int128", "int256", "#", "Bool", "true", "True",
                "Vector", "vector", "Object", "Type" -> true;
            default -> false;
        };
    }

    /**
     * Whether this is a {@code Vector<T>} or a bare {@code vector<T>}.
     *
     * @return true when {@link #element()} is set
     */
    public boolean isVector() {
        return element != null;
    }

    /**
     * Parses one type expression such as {@code Vector<InputPeer>} or {@code %message}.
     *
     * @param text the expression, without a {@code flags.N?} condition
     * @return the type
     * @throws TlSchemaException if the angle brackets do not balance or a type other than a vector takes an
     *     argument
     */
    public static TlType parse(String text) {
        if (text.startsWith("!")) {
            return new TlType(text.substring(1), false, true, null);
        }
        int lt = text.indexOf('<');
        if (lt >= 0) {
            if (!text.endsWith(">")) {
                throw new TlSchemaException("unbalanced type expression: " + text);
            }
            String outer = text.substring(0, lt);
            if (!outer.equals("Vector") && !outer.equals("vector")) {
                throw new TlSchemaException("only Vector and vector take a type argument: " + text);
            }
            TlType element = parse(text.substring(lt + 1, text.length() - 1));
            return new TlType(outer, outer.equals("vector"), false, element);
        }
        if (text.startsWith("%")) {
            return new TlType(text.substring(1), true, false, null);
        }
        return new TlType(text, isBareName(text), false, null);
    }

    /** Lowercase first letter of the part after the namespace means a bare reference, except for base types. */
    private static boolean isBareName(String name) {
        String local = name.substring(name.lastIndexOf('.') + 1);
        return !local.isEmpty() && Character.isLowerCase(local.charAt(0)) && !isPrimitive(name);
    }

    /**
     * Whether {@code name} is a base type: always bare, and not a reference to a constructor.
     *
     * @param name a type name
     * @return true for {@code int}, {@code long}, {@code double}, {@code string}, {@code bytes}, {@code int128},
     *     {@code int256}, {@code #} and {@code true}
     */
    public static boolean isPrimitive(String name) {
        return switch (name) {
            case "int", "long", "double", "string", "bytes", "int128", "int256", "#", "true" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        if (genericRef) {
            return "!" + name;
        }
        if (element != null) {
            return name + "<" + element + ">";
        }
        return name;
    }
}
