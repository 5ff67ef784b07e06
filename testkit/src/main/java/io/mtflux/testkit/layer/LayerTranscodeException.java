package io.mtflux.testkit.layer;

/**
 * A TL value that cannot be carried into another layer: a constructor or method the other layer does not have,
 * a required field of a type with no default there, or a number that does not fit the other layer's type.
 * The message names the constructor and the layers; it never holds field values.
 */
public final class LayerTranscodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The constructor that could not be transcoded. */
    private final int constructorId;

    LayerTranscodeException(String message, int constructorId) {
        super(message);
        this.constructorId = constructorId;
    }

    /** {@return the constructor id that could not be carried over, or 0 when the problem is not one constructor} */
    public int constructorId() {
        return constructorId;
    }
}
