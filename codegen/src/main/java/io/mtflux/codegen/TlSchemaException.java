package io.mtflux.codegen;

/** A schema that cannot be parsed or that fails its constructor-id check. */
public class TlSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlSchemaException(String message) {
        super(message);
    }
}
