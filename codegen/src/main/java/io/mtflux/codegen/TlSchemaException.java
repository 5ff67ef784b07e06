package io.mtflux.codegen;

/** A schema that cannot be parsed or that fails its constructor-id check. */
public class TlSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where (file and line when known)
     */
    public TlSchemaException(String message) {
        super(message);
    }
}
