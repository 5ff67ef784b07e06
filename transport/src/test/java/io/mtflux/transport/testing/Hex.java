package io.mtflux.transport.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Hex helpers for tests. */
public final class Hex {

    private Hex() {
    }

    /**
     * Parses hex.
     *
     * @param hex the text
     * @return the bytes
     */
    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /**
     * Parses hex into a buffer.
     *
     * @param hex the text
     * @return the buffer
     */
    public static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(bytes(hex));
    }

    /**
     * Formats the readable bytes of a buffer and releases it.
     *
     * @param buf the buffer
     * @return lower-case hex
     */
    public static String drain(ByteBuf buf) {
        try {
            return ByteBufUtil.hexDump(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * Formats bytes.
     *
     * @param bytes the bytes
     * @return lower-case hex
     */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
