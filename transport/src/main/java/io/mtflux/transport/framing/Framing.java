package io.mtflux.transport.framing;

import io.netty.channel.ChannelHandler;
import java.util.Locale;
import java.util.Objects;

/**
 * The MTProto transport framings (docs/protocol.md 4.1–4.4). A framing turns a byte stream into whole
 * packets; it knows nothing of what the packets hold.
 */
public enum Framing {

    /** Abridged (4.1): tag {@code 0xef}, 1-byte or {@code 0x7f} + 3-byte length in 4-byte words. */
    ABRIDGED(0xefefefef),
    /** Intermediate (4.2): tag {@code 0xeeeeeeee}, int32 LE length. */
    INTERMEDIATE(0xeeeeeeee),
    /** Padded intermediate (4.3): tag {@code 0xdddddddd}, int32 LE length, 0–15 random padding bytes. */
    PADDED_INTERMEDIATE(0xdddddddd),
    /** Full (4.4): no tag, int32 LE length, int32 LE packet counter, CRC32. Cannot be obfuscated. */
    FULL(0);

    /** The default cap on one frame's payload: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    private final int obfuscationTag;

    Framing(int obfuscationTag) {
        this.obfuscationTag = obfuscationTag;
    }

    /**
     * Abridged framing.
     *
     * @return {@link #ABRIDGED}
     */
    public static Framing abridged() {
        return ABRIDGED;
    }

    /**
     * Intermediate framing.
     *
     * @return {@link #INTERMEDIATE}
     */
    public static Framing intermediate() {
        return INTERMEDIATE;
    }

    /**
     * Padded intermediate framing (required by MTProxy dd/ee secrets).
     *
     * @return {@link #PADDED_INTERMEDIATE}
     */
    public static Framing paddedIntermediate() {
        return PADDED_INTERMEDIATE;
    }

    /**
     * Full framing.
     *
     * @return {@link #FULL}
     */
    public static Framing full() {
        return FULL;
    }

    /**
     * The framing a short name names, as a command line or a configuration file spells it: {@code abridged},
     * {@code intermediate}, {@code padded} (padded intermediate) or {@code full}; upper case is accepted too.
     *
     * @param name the name
     * @return the framing
     * @throws IllegalArgumentException if {@code name} is none of these (the message lists them)
     */
    public static Framing named(String name) {
        Objects.requireNonNull(name, "name");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "abridged" -> ABRIDGED;
            case "intermediate" -> INTERMEDIATE;
            case "padded" -> PADDED_INTERMEDIATE;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("expected abridged, intermediate, padded or full, got '"
                + (name.length() > 40 ? name.substring(0, 37) + "..." : name) + "'");
        };
    }

    /**
     * The short name {@link #named} takes for this framing.
     *
     * @return {@code abridged}, {@code intermediate}, {@code padded} or {@code full}
     */
    public String shortName() {
        return this == PADDED_INTERMEDIATE ? "padded" : name().toLowerCase(Locale.ROOT);
    }

    /**
     * The protocol tag written at bytes 56..60 of an obfuscated2 init header (read as int32 LE),
     * or 0 for {@link #FULL}, which obfuscated2 does not carry (docs/protocol.md 4.7).
     *
     * @return the tag
     */
    public int obfuscationTag() {
        return obfuscationTag;
    }

    /**
     * Whether this framing can run inside obfuscated2.
     *
     * @return false only for {@link #FULL}
     */
    public boolean supportsObfuscation() {
        return this != FULL;
    }

    /**
     * The framing an obfuscated2 protocol tag names.
     *
     * @param tag int32 LE at bytes 56..60 of the decrypted init header
     * @return the framing, or null when the tag is unknown
     */
    public static Framing fromObfuscationTag(int tag) {
        for (Framing f : values()) {
            if (f != FULL && f.obfuscationTag == tag) {
                return f;
            }
        }
        return null;
    }

    /**
     * A new encoder for one connection.
     *
     * @param side which end of the connection writes with it
     * @param writeTag whether to write the plain-mode tag before the first packet (client, not obfuscated)
     * @return a new, stateful encoder
     */
    public ChannelHandler newEncoder(Side side, boolean writeTag) {
        return switch (this) {
            case ABRIDGED -> new AbridgedEncoder(side, writeTag);
            case INTERMEDIATE -> new IntermediateEncoder(side, false, writeTag);
            case PADDED_INTERMEDIATE -> new IntermediateEncoder(side, true, writeTag);
            case FULL -> new FullEncoder(side);
        };
    }

    /**
     * A new decoder for one connection.
     *
     * @param side which end of the connection reads with it
     * @param maxFrameLength the largest payload accepted, in bytes
     * @return a new, stateful decoder
     */
    public ChannelHandler newDecoder(Side side, int maxFrameLength) {
        return switch (this) {
            case ABRIDGED -> new AbridgedDecoder(side, maxFrameLength);
            case INTERMEDIATE -> new IntermediateDecoder(side, false, maxFrameLength);
            case PADDED_INTERMEDIATE -> new IntermediateDecoder(side, true, maxFrameLength);
            case FULL -> new FullDecoder(side, maxFrameLength);
        };
    }
}
