package io.mtflux.transport.internal.server;

import io.mtflux.transport.Carrier;
import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.mtflux.transport.internal.HandlerNames;
import io.mtflux.transport.websocket.WebSocketEndpoint;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.util.List;

/**
 * Server side, one port for every carrier: tells from the first bytes of a connection whether it is MTProto over
 * TCP, an HTTP request (the WebSocket upgrade, {@code ws://}) or a TLS ClientHello ({@code wss://}), installs the
 * matching stages after itself and removes itself; the bytes it has seen flow on into them.
 *
 * <ul>
 *   <li>{@code GET }, {@code POST}, {@code HEAD} or {@code OPTI}: HTTP, the {@link WebSocketEndpoint}. Obfuscated2
 *       clients never start with these words
 *       (https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation), and no other framing can.</li>
 *   <li>{@code 16 03 0x .. .. 01} (a TLS record of a ClientHello), when a TLS context is configured: TLS, then the
 *       WebSocket endpoint inside. An MTProxy with a fake-TLS ({@code ee}) secret also starts this way, which is why
 *       such a server does not share its port with WebSocket (see {@code TransportServer#websocket}).</li>
 *   <li>anything else: the {@link FramingDetector} of the TCP carrier, as on a port without WebSocket.</li>
 * </ul>
 *
 * <p>The TCP path costs one look at the first byte: only {@code G P H O} and {@code 16} wait for a few more.
 */
public final class ProtocolSniffer extends ByteToMessageDecoder {

    private static final int GET = 0x20544547;
    private static final int POST = 0x54534f50;
    private static final int HEAD = 0x44414548;
    private static final int OPTIONS = 0x4954504f;
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    private static final int TLS_CLIENT_HELLO = 0x01;
    /** Record type, version (2), length (2), handshake type. */
    private static final int TLS_PREFIX = 6;

    private final String path;
    private final SslContext tls;
    private final int maxFrameLength;
    private final byte[] secret;
    private final boolean obfuscatedOnly;
    private boolean done;

    /**
     * Creates the sniffer of one connection.
     *
     * @param path the WebSocket endpoint's path, e.g. {@code /apiws}
     * @param tls the server TLS context of {@code wss://}, or null for {@code ws://} only
     * @param maxFrameLength the largest MTProto packet accepted
     * @param secret the 16-byte MTProxy key mixed into obfuscated2 keys, or null for a direct server
     * @param obfuscatedOnly accept only obfuscated2 (an MTProxy)
     */
    public ProtocolSniffer(String path, SslContext tls, int maxFrameLength, byte[] secret, boolean obfuscatedOnly) {
        this.path = path;
        this.tls = tls;
        this.maxFrameLength = maxFrameLength;
        this.secret = secret == null ? null : secret.clone();
        this.obfuscatedOnly = obfuscatedOnly;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // As the framing detector: reads follow demand, so pull the first bytes without waiting for a subscriber.
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
            return;
        }
        int r = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 1) {
            return;
        }
        int first = in.getUnsignedByte(r);
        if (first == TLS_HANDSHAKE_RECORD && tls != null) {
            if (readable < TLS_PREFIX) {
                return;
            }
            if (in.getUnsignedByte(r + 1) == 0x03 && in.getUnsignedByte(r + 2) <= 0x04
                && in.getUnsignedByte(r + 5) == TLS_CLIENT_HELLO) {
                routeTls(ctx);
                return;
            }
        } else if (first == 'G' || first == 'P' || first == 'H' || first == 'O') {
            if (readable < 4) {
                return;
            }
            int word = in.getIntLE(r);
            if (word == GET || word == POST || word == HEAD || word == OPTIONS) {
                installWebSocket(ctx.pipeline(), ctx.name(), Carrier.WEBSOCKET);
                finish(ctx);
                return;
            }
        }
        routeTcp(ctx);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!done && in.isReadable()) {
            done = true;
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(new MalformedFrameException(Reason.TRUNCATED,
                "connection closed inside its first bytes"));
        }
    }

    private void routeTcp(ChannelHandlerContext ctx) {
        ctx.pipeline().addAfter(ctx.name(), HandlerNames.DETECTOR, detector(Carrier.TCP));
        finish(ctx);
    }

    private void installWebSocket(ChannelPipeline p, String after, Carrier carrier) {
        // a legitimate client sends a message per packet (or less): twice the packet limit is plenty
        int maxMessage = (int) Math.min(Integer.MAX_VALUE / 2, 2L * maxFrameLength);
        WebSocketEndpoint.install(p, after, path, maxMessage, detector(carrier));
    }

    private void routeTls(ChannelHandlerContext ctx) {
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), HandlerNames.TLS, tls.newHandler(ctx.alloc()));
        // inside TLS only the WebSocket upgrade is served; anything else gets 400 from the HTTP stage
        installWebSocket(p, HandlerNames.TLS, Carrier.WEBSOCKET_TLS);
        finish(ctx);
    }

    private FramingDetector detector(Carrier carrier) {
        return new FramingDetector(maxFrameLength, secret, obfuscatedOnly, false, carrier);
    }

    private void finish(ChannelHandlerContext ctx) {
        done = true;
        // Removing a ByteToMessageDecoder hands its unread bytes to the next handler.
        ctx.pipeline().remove(this);
    }
}
