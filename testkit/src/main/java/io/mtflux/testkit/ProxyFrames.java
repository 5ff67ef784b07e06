package io.mtflux.testkit;

import io.netty.buffer.ByteBuf;

/**
 * Where the MTProto frames of one direction of a proxied connection begin and end, for the unobfuscated framings
 * whose lengths are readable on the wire (docs/protocol.md 4): intermediate and padded intermediate ({@code 0xeeeeeeee}
 * or {@code 0xdddddddd} first, then a 4-byte little-endian length before each packet; bit 31 of a server's length
 * marks a 4-byte quick-ack token) and abridged ({@code 0xef} first, then a 1- or 4-byte length in words). Other
 * bytes (obfuscated2, full, TLS, WebSocket) are opaque: no frame is known. Confined to the proxy's event loop.
 */
final class ProxyFrames {
    private enum Kind { UNKNOWN, INTERMEDIATE, ABRIDGED, OPAQUE }

    private final boolean fromClient;
    private Kind kind;
    /** Bytes of the framing tag still to skip (client side only). */
    private int tagLeft;
    /** The length prefix being read. */
    private final byte[] prefix = new byte[4];
    private int prefixRead;
    private int prefixSize;
    /** Bytes of the current frame seen so far (prefix included); 0 between frames. */
    private long inFrame;
    /** The current frame's whole size (prefix included), or -1 while the prefix is incomplete. */
    private long frameSize = -1;

    /**
     * @param fromClient whether this direction starts with the client's framing tag (client to server)
     */
    ProxyFrames(boolean fromClient) {
        this.fromClient = fromClient;
        this.kind = fromClient ? Kind.UNKNOWN : Kind.OPAQUE;
    }

    /** The server's direction learns the framing from the client's tag. */
    void follow(ProxyFrames clientSide) {
        if (!fromClient && clientSide.kind != Kind.UNKNOWN) {
            kind = clientSide.kind;
        }
    }

    /** Whether frames are known (the framing was recognized). */
    boolean framed() {
        return kind == Kind.INTERMEDIATE || kind == Kind.ABRIDGED;
    }

    /**
     * Reads {@code in} (without moving its indices) and, when {@code cutArmed}, returns the index, relative to its
     * reader index, at which exactly {@code cutAfter} bytes of a frame (counted from the frame's first byte, its
     * length prefix included) have passed, when that point lies inside the frame; else -1. A frame of
     * {@code cutAfter} bytes or fewer is passed over. The cut frame's whole size goes to {@code cutFrame[0]} (-1 when
     * only part of its length prefix was seen). Bytes after a cut are not read.
     */
    int scan(ByteBuf in, long cutAfter, boolean cutArmed, long[] cutFrame) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int i = start;
        while (i < end) {
            if (kind == Kind.UNKNOWN) {
                recognize(in.getByte(i) & 0xff);
                if (kind == Kind.OPAQUE) {
                    return -1;
                }
                tagLeft--;
                i++;
                continue;
            }
            if (kind == Kind.OPAQUE) {
                return -1;
            }
            if (tagLeft > 0) {
                tagLeft--;
                i++;
                continue;
            }
            // the length prefix, a byte at a time; then the body in one step
            if (frameSize < 0) {
                prefix[prefixRead++] = in.getByte(i);
                inFrame++;
                i++;
                if (prefixRead == 1) {
                    prefixSize = kind == Kind.INTERMEDIATE ? 4 : (prefix[0] & 0x7f) == 0x7f ? 4 : 1;
                }
                if (prefixRead == prefixSize) {
                    frameSize = prefixSize + bodyLength();
                }
                if (cutArmed && cutAfter > 0 && inFrame == cutAfter && (frameSize < 0 || inFrame < frameSize)) {
                    cutFrame[0] = frameSize;
                    endFrameIfDone();
                    return i - start;
                }
                endFrameIfDone();
                continue;
            }
            long left = frameSize - inFrame;
            int step = (int) Math.min(left, end - i);
            if (cutArmed && cutAfter > inFrame && cutAfter < frameSize && cutAfter <= inFrame + step) {
                int cut = (int) (cutAfter - inFrame);
                inFrame += cut;
                cutFrame[0] = frameSize;
                return i + cut - start;
            }
            inFrame += step;
            i += step;
            endFrameIfDone();
        }
        return -1;
    }

    private void endFrameIfDone() {
        if (frameSize >= 0 && inFrame >= frameSize) {
            inFrame = 0;
            frameSize = -1;
            prefixRead = 0;
        }
    }

    private long bodyLength() {
        if (kind == Kind.INTERMEDIATE) {
            long length = (prefix[0] & 0xffL) | (prefix[1] & 0xffL) << 8 | (prefix[2] & 0xffL) << 16
                | (prefix[3] & 0xffL) << 24;
            // from the server, bit 31 set is a quick-ack token: 4 bytes, no body
            return (length & 0x80000000L) != 0 ? 0 : length;
        }
        if (prefixSize == 1) {
            return (prefix[0] & 0x7fL) * 4;
        }
        return ((prefix[1] & 0xffL) | (prefix[2] & 0xffL) << 8 | (prefix[3] & 0xffL) << 16) * 4;
    }

    private void recognize(int first) {
        if (first == 0xef) {
            kind = Kind.ABRIDGED;
            tagLeft = 1;
        } else if (first == 0xee || first == 0xdd) {
            kind = Kind.INTERMEDIATE;
            tagLeft = 4;
        } else {
            kind = Kind.OPAQUE;
        }
    }
}
