package io.mtflux.codegen;

import java.util.List;

/**
 * A constructor or a function of a TL schema.
 *
 * @param name the full name with namespace, e.g. {@code auth.sendCode}
 * @param id the constructor id (explicit in the schema, or computed from the declaration)
 * @param explicitId whether the schema gave the id
 * @param generics names of generic parameters ({@code X} of {@code {X:Type}})
 * @param params the arguments in declaration order
 * @param result the result type, e.g. {@code auth.SentCode}, {@code Vector<long>}, {@code X}
 * @param function true for functions (methods), false for constructors
 * @param declaration the normalized declaration text the id is computed from
 * @param line the line number in the schema file, for error messages
 */
public record TlCombinator(String name, int id, boolean explicitId, List<String> generics, List<TlParam> params,
                           TlType result, boolean function, String declaration, int line) {

    /**
     * The namespace part of the name.
     *
     * @return {@code auth} for {@code auth.sendCode}, the empty string for a name without a namespace
     */
    public String namespace() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    /**
     * The name without its namespace.
     *
     * @return {@code sendCode} for {@code auth.sendCode}
     */
    public String localName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /**
     * The id as the schema writes it.
     *
     * @return eight lowercase hex digits, e.g. {@code 05162463}
     */
    public String hexId() {
        return String.format("%08x", id);
    }
}
