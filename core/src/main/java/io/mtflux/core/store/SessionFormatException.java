package io.mtflux.core.store;

/**
 * A session string or serialized session that cannot be read: the message names the format and what is wrong
 * (a wrong prefix, a bad base64 character, a truncated field, a length no known layout has, a bad checksum),
 * never the session's bytes. Nothing is half-loaded: parsing either returns a complete state or throws this.
 */
public class SessionFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The format being read. */
    private final String format;

    /**
     * Creates the exception.
     *
     * @param format the format being read, e.g. {@code Telethon}
     * @param problem what is wrong, never the session's bytes
     */
    public SessionFormatException(String format, String problem) {
        super(format + ": " + problem);
        this.format = format;
    }

    /** {@return the format being read ("mtflux", "Telethon", "GramJS", "Pyrogram", "mtcute")} */
    public String format() {
        return format;
    }
}
