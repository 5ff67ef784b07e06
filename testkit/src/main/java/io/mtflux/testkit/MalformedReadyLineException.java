package io.mtflux.testkit;

/**
 * A line {@link TestkitReadyLine#parse(String)} cannot take: not JSON, not a JSON object, or a field of the ready
 * line missing or wrong. The message names the field (e.g. {@code dcs[1].port}) and what is wrong with it; it quotes
 * no field value (the line holds nothing secret, but a value may be long).
 */
public final class MalformedReadyLineException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The field that is missing or malformed. */
    private final String field;

    /**
     * @param field the field at fault ({@code dcs[0].host}), or null when the line is not a JSON object at all
     * @param message what is wrong
     * @param cause the underlying error, or null
     */
    public MalformedReadyLineException(String field, String message, Throwable cause) {
        super(field == null ? "not a testkit ready line: " + message
            : "testkit ready line: " + field + " " + message, cause);
        this.field = field;
    }

    /** @return the field at fault ({@code dcs}, {@code dcs[1].port}, {@code rsa_public_key_pem}, ...), or null */
    public String field() {
        return field;
    }
}
