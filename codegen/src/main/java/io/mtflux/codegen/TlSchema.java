package io.mtflux.codegen;

import java.util.List;

/**
 * A parsed TL schema file.
 *
 * @param layer the layer number from a {@code // Layer: N} or {@code // LAYER N} comment, or 0 when absent
 * @param combinators constructors and functions, in file order
 */
public record TlSchema(int layer, List<TlCombinator> combinators) {

    /**
     * The constructors (the declarations before {@code ---functions---} or after {@code ---types---}).
     *
     * @return the constructors, in file order
     */
    public List<TlCombinator> constructors() {
        return combinators.stream().filter(c -> !c.function()).toList();
    }

    /**
     * The functions (RPC methods, the declarations in a {@code ---functions---} section).
     *
     * @return the functions, in file order
     */
    public List<TlCombinator> functions() {
        return combinators.stream().filter(TlCombinator::function).toList();
    }
}
