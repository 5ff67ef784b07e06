package io.mtflux.core.store.codec;

import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The binary form of a {@link PendingLogin}: carried inside {@link SessionCodec}'s format 3 and, as text
 * ({@link StoredFields#formatPendingLogin}, sealed with the store's cipher when it has one), in the R2DBC and
 * Redis stores. Big-endian:
 *
 * <pre>
 * u8  format = 1
 * u8  step: 0 code, 1 password, 2 sign-up
 * u16 flags: which optional fields follow (1 phone number, 2 phone_code_hash, 4 code type, 8 code length,
 *     16 next code type, 32 timeout, 64 sent at, 128 password hint, 256 terms text, 512 terms id)
 * i32 DC id, i32 failed attempts
 * then the present fields in flag order: strings as i32 length + UTF-8, numbers as i32, sent at as i64 epoch
 * seconds + i32 nanos
 * </pre>
 */
public final class PendingLoginCodec {
    /** The format byte. */
    public static final int FORMAT = 1;
    private static final String NAME = "mtflux pending login";
    /** The longest string field read back (terms of service included). */
    private static final int MAX_STRING = 1 << 20;

    private PendingLoginCodec() {
    }

    /**
     * Serializes {@code login}.
     *
     * @param login the pending login
     * @return its bytes (the phone_code_hash among them: a secret)
     */
    public static byte[] encode(PendingLogin login) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        String[] strings = {login.phoneNumber(), login.phoneCodeHash(), login.codeType(), null, login.nextCodeType(),
            null, null, login.passwordHint(), login.termsOfServiceText(), login.termsOfServiceId()};
        int flags = 0;
        for (int i = 0; i < strings.length; i++) {
            if (strings[i] != null) {
                flags |= 1 << i;
            }
        }
        flags |= (login.codeLength() != null ? 8 : 0) | (login.timeoutSeconds() != null ? 32 : 0)
            | (login.sentAt() != null ? 64 : 0);
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
        head.put((byte) FORMAT).put((byte) login.step().ordinal()).putShort((short) flags).putInt(login.dcId())
            .putInt(login.failedAttempts());
        out.writeBytes(head.array());
        for (int i = 0; i < strings.length; i++) {
            if ((flags & (1 << i)) == 0) {
                continue;
            }
            switch (i) {
                case 3 -> writeInt(out, login.codeLength());
                case 5 -> writeInt(out, login.timeoutSeconds());
                case 6 -> {
                    ByteBuffer t = ByteBuffer.allocate(12).putLong(login.sentAt().getEpochSecond())
                        .putInt(login.sentAt().getNano());
                    out.writeBytes(t.array());
                }
                default -> {
                    byte[] bytes = strings[i].getBytes(StandardCharsets.UTF_8);
                    writeInt(out, bytes.length);
                    out.writeBytes(bytes);
                }
            }
        }
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @param data the bytes
     * @return the pending login
     * @throws SessionFormatException naming what is wrong (never a value)
     */
    public static PendingLogin decode(byte[] data) {
        FieldReader r = new FieldReader(NAME, data, ByteOrder.BIG_ENDIAN);
        PendingLogin login = read(r);
        if (r.remaining() != 0) {
            throw new SessionFormatException(NAME, r.remaining() + " unexpected bytes at the end");
        }
        return login;
    }

    /**
     * Reads one pending login at the reader's position (inside a larger format).
     *
     * @param r the reader
     * @return the pending login
     * @throws SessionFormatException naming what is wrong (never a value)
     */
    static PendingLogin read(FieldReader r) {
        int format = r.u8("pending login format");
        if (format != FORMAT) {
            throw new SessionFormatException(NAME, "unknown pending login format " + format);
        }
        int step = r.u8("pending login step");
        if (step >= PendingLogin.Step.values().length) {
            throw new SessionFormatException(NAME, "unknown pending login step " + step);
        }
        int flags = r.u16("pending login flags");
        if ((flags & ~0x3FF) != 0) {
            throw new SessionFormatException(NAME, "unknown pending login flags 0x" + Integer.toHexString(flags));
        }
        int dcId = r.i32("pending login DC");
        int failed = r.i32("failed attempts");
        String[] strings = new String[10];
        Integer codeLength = null;
        Integer timeout = null;
        Instant sentAt = null;
        for (int i = 0; i < strings.length; i++) {
            if ((flags & (1 << i)) == 0) {
                continue;
            }
            switch (i) {
                case 3 -> codeLength = r.i32("code length");
                case 5 -> timeout = r.i32("resend timeout");
                case 6 -> {
                    long seconds = r.i64("sent at");
                    int nanos = r.i32("sent at nanos");
                    try {
                        sentAt = Instant.ofEpochSecond(seconds, nanos);
                    } catch (DateTimeException e) {
                        throw new SessionFormatException(NAME, "the time the code was sent is out of range");
                    }
                }
                default -> {
                    int length = r.i32("pending login field " + i + " length");
                    if (length < 0 || length > MAX_STRING) {
                        throw new SessionFormatException(NAME, "pending login field " + i + " has length " + length);
                    }
                    strings[i] = new String(r.bytes(length, "pending login field " + i), StandardCharsets.UTF_8);
                }
            }
        }
        try {
            return new PendingLogin(PendingLogin.Step.values()[step], strings[0], strings[1], strings[2], codeLength,
                strings[4], timeout, dcId, sentAt, strings[7], strings[8], failed, strings[9]);
        } catch (IllegalArgumentException e) {
            throw new SessionFormatException(NAME, "the pending login is invalid: " + e.getMessage());
        }
    }
}
