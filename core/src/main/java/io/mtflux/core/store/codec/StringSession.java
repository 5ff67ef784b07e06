package io.mtflux.core.store.codec;

import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.SessionState;
import java.util.Base64;

/**
 * mtflux's string session: the whole {@link SessionState} (every DC's key, salt and offset, authorization per
 * DC, user, DC options, update state) as one portable, URL-safe line: {@code mtf1.} followed by the
 * {@link SessionCodec} bytes in base64url without padding. The text is as secret as the auth keys it carries.
 *
 * <pre>{@code
 * String text = StringSession.encode(client.session());
 * MtprotoClient again = MtprotoClient.create(ClientOptions.builder()...sessionStore(StringSessionStore.of("me", text))
 *     .accountId("me").build());            // authorized, on the same home DC, no login
 * }</pre>
 *
 * For the strings of Telethon, Pyrogram, GramJS and mtcute see {@link io.mtflux.core.store.importers.ForeignSessions}.
 */
public final class StringSession {
    /** The prefix: the format's name and version. */
    public static final String PREFIX = "mtf1.";
    private static final String NAME = "mtflux string session";

    private StringSession() {
    }

    /**
     * The string of {@code state} (its store version is not included).
     *
     * @param state the state
     * @return {@value #PREFIX} followed by the URL-safe base64 of {@link SessionCodec#encode}
     */
    public static String encode(SessionState state) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(SessionCodec.encode(state));
    }

    /**
     * Parses a string made by {@link #encode}; the state has version 0. Surrounding whitespace is ignored.
     *
     * @param text a string made by {@link #encode}
     * @return the state, at version 0
     * @throws SessionFormatException naming what is wrong (wrong prefix, bad character, truncation, checksum)
     */
    public static SessionState decode(String text) {
        if (text == null) {
            throw new SessionFormatException(NAME, "no string (null)");
        }
        String s = text.strip();
        if (!s.startsWith(PREFIX)) {
            if (s.startsWith("mtf") && s.indexOf('.') > 3) {
                throw new SessionFormatException(NAME, "unsupported version '" + s.substring(0, s.indexOf('.'))
                    + "' (this version reads " + PREFIX + ")");
            }
            throw new SessionFormatException(NAME, "does not start with '" + PREFIX + "'");
        }
        byte[] data = Base64Text.decode(NAME, s.substring(PREFIX.length()), true);
        try {
            return SessionCodec.decode(data);
        } catch (SessionFormatException e) {
            throw new SessionFormatException(NAME, e.getMessage().substring(e.format().length() + 2));
        }
    }
}
