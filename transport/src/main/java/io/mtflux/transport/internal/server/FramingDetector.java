package io.mtflux.transport.internal.server;

import io.mtflux.transport.Carrier;
import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.mtflux.transport.TransportInfo;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.framing.Side;
import io.mtflux.transport.internal.ConnectionState;
import io.mtflux.transport.internal.HandlerNames;
import io.mtflux.transport.obfuscation.ObfuscatedHeader;
import io.mtflux.transport.obfuscation.ObfuscationHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Server side: recognises the client's transport from the first bytes of a connection (docs/protocol.md 4.9),
 * installs the matching codecs after itself and removes itself; the bytes it has not consumed flow on
 * into the new codecs. Order: {@code EF} abridged; {@code EEEEEEEE} intermediate; {@code DDDDDDDD} padded;
 * HTTP verbs rejected; a zero second word is full transport; anything else must be a 64-byte obfuscated2
 * header whose decrypted tag names the framing.
 */
public final class FramingDetector extends ByteToMessageDecoder {

    private static final int HEAD = 0x44414548;
    private static final int POST = 0x54534f50;
    private static final int GET = 0x20544547;
    private static final int OPTIONS = 0x4954504f;

    private final int maxFrameLength;
    private final byte[] secret;
    private final boolean obfuscatedOnly;
    private final boolean fakeTls;
    private final Carrier carrier;
    private boolean done;

    /**
     * Creates a detector for one connection.
     *
     * @param maxFrameLength the largest payload the installed decoder accepts
     * @param secret the 16-byte MTProxy key mixed into obfuscated2 keys, or null for a direct server
     * @param obfuscatedOnly accept only obfuscated2 (an MTProxy); then a forbidden prefix is an error
     * @param fakeTls whether the bytes arrive unwrapped from fake-TLS records (for {@link TransportInfo})
     */
    public FramingDetector(int maxFrameLength, byte[] secret, boolean obfuscatedOnly, boolean fakeTls) {
        this(maxFrameLength, secret, obfuscatedOnly, fakeTls, Carrier.TCP);
    }

    /**
     * Creates a detector for one connection whose bytes arrive over {@code carrier}.
     *
     * @param maxFrameLength the largest payload the installed decoder accepts
     * @param secret the 16-byte MTProxy key mixed into obfuscated2 keys, or null for a direct server
     * @param obfuscatedOnly accept only obfuscated2 (an MTProxy); then a forbidden prefix is an error
     * @param fakeTls whether the bytes arrive unwrapped from fake-TLS records (for {@link TransportInfo})
     * @param carrier what carries the bytes (for {@link TransportInfo})
     */
    public FramingDetector(int maxFrameLength, byte[] secret, boolean obfuscatedOnly, boolean fakeTls,
        Carrier carrier) {
        this.maxFrameLength = maxFrameLength;
        this.secret = secret == null ? null : secret.clone();
        this.obfuscatedOnly = obfuscatedOnly;
        this.fakeTls = fakeTls;
        this.carrier = carrier;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Detection must not wait for a subscriber's demand (the handler may first ask what was detected),
        // so the detector pulls the first bytes itself; ByteToMessageDecoder keeps reading while it lacks bytes.
        if (ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.read();
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            detect(ctx, in);
        } catch (MalformedFrameException e) {
            done = true;
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(e);
            ctx.close();
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!done && in.isReadable()) {
            done = true;
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(new MalformedFrameException(Reason.TRUNCATED,
                "connection closed inside the transport header"));
        }
    }

    private void detect(ChannelHandlerContext ctx, ByteBuf in) {
        int r = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 1) {
            return;
        }
        if (!obfuscatedOnly) {
            if (in.getUnsignedByte(r) == 0xef) {
                in.skipBytes(1);
                install(ctx, Framing.ABRIDGED, null);
                return;
            }
            if (readable < 4) {
                return;
            }
            int first = in.getIntLE(r);
            if (first == 0xeeeeeeee) {
                in.skipBytes(4);
                install(ctx, Framing.INTERMEDIATE, null);
                return;
            }
            if (first == 0xdddddddd) {
                in.skipBytes(4);
                install(ctx, Framing.PADDED_INTERMEDIATE, null);
                return;
            }
            if (first == HEAD || first == POST || first == GET || first == OPTIONS) {
                throw new MalformedFrameException(Reason.UNSUPPORTED_PROTOCOL, "HTTP transport is not supported");
            }
            if (readable < 8) {
                return;
            }
            if (in.getIntLE(r + 4) == 0) {
                // Full transport: the first packet's seqno is 0. The decoder re-reads this header.
                install(ctx, Framing.FULL, null);
                return;
            }
        }
        if (readable < ObfuscatedHeader.LENGTH) {
            return;
        }
        byte[] wire = new byte[ObfuscatedHeader.LENGTH];
        in.readBytes(wire);
        ObfuscatedHeader header = ObfuscatedHeader.server(wire, secret, obfuscatedOnly);
        install(ctx, header.framing(), header);
    }

    private void install(ChannelHandlerContext ctx, Framing framing, ObfuscatedHeader header) {
        done = true;
        ChannelPipeline p = ctx.pipeline();
        String after = ctx.name();
        if (header != null) {
            p.addAfter(after, HandlerNames.OBFUSCATION, ObfuscationHandler.server(header));
            after = HandlerNames.OBFUSCATION;
        }
        p.addAfter(after, HandlerNames.DECODER, framing.newDecoder(Side.SERVER, maxFrameLength));
        p.addAfter(HandlerNames.DECODER, HandlerNames.ENCODER, framing.newEncoder(Side.SERVER, false));
        ConnectionState.of(ctx.channel())
            .info(new TransportInfo(framing, header != null, header == null ? 0 : header.dcId(), fakeTls, carrier));
        // Removing a ByteToMessageDecoder hands its unread bytes to the next handler: the new codecs.
        p.remove(this);
    }
}
