package io.mtflux.spring.boot;

/**
 * {@code mtflux.*} properties that are malformed or do not go together: the application does not start. The
 * message names the property and never shows a secret.
 */
public class MtfluxPropertiesException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message.
     *
     * @param message what is wrong (no secret in it)
     */
    public MtfluxPropertiesException(String message) {
        super(message);
    }
}
