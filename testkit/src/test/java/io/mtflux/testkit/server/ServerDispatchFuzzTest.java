package io.mtflux.testkit.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.MessageDirection;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.internal.session.MessageCodec;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.core.tl.mtproto.DestroySession;
import io.mtflux.core.tl.mtproto.GetFutureSalts;
import io.mtflux.core.tl.mtproto.MsgContainer;
import io.mtflux.core.tl.mtproto.MsgResendReq;
import io.mtflux.core.tl.mtproto.MsgsAck;
import io.mtflux.core.tl.mtproto.MsgsStateReq;
import io.mtflux.core.tl.mtproto.Ping;
import io.mtflux.core.tl.mtproto.PingDelayDisconnect;
import io.mtflux.core.tl.mtproto.RpcDropAnswerRequest;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.InboundFrame;
import io.mtflux.transport.OutboundFrame;
import io.mtflux.transport.QuickAck;
import io.mtflux.transport.TransportInfo;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fuzz target for the testkit server's inbound dispatch: {@code ServerConnection.onFrame} with encrypted frames
 * under a registered key, so everything after decryption runs (the envelope checks, containers, acks, pings,
 * future salts, state and resend requests, session destruction, queries and their wrappers). The input is a
 * sequence of messages, each a two-byte big-endian length and then an 8-byte session_id, an 8-byte msg_id, a
 * 4-byte seq_no (little-endian) and the body (cut to whole 4-byte words); the harness adds the key's salt and
 * the padding and encrypts it, as a client does. The clock is fixed, so recorded msg_ids stay in the server's time
 * window. A message the server cannot read must fail with {@link TlDecodeException} or
 * {@link MtprotoSecurityException} (it then closes the connection); any other exception is a finding.
 */
class ServerDispatchFuzzTest {

    private static final long NOW_MILLIS = 1_700_000_000_000L;
    private static final long SALT = 0x0102030405060708L;
    private static final RsaPrivateKey RSA = RsaPrivateKey.generateForServer(2048, RandomSource.secure());
    private static final AuthKey KEY;

    static {
        byte[] key = new byte[AuthKey.LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 1);
        }
        KEY = AuthKey.of(key);
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10m")
    void frames(byte[] data) {
        MtprotoServer server = MtprotoServer.builder().rsaKey(RSA)
            .clock(Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC))
            .handler((context, query) -> query instanceof HelpGetConfig ? Mono.just(Boolean.TRUE)
                : Mono.error(RpcException.of(400, "FUZZ_METHOD")))
            .build();
        ServerAuthKey key = server.register(KEY, SALT, 0);
        ServerConnection connection = new ServerConnection(server, new NullConnection());
        int i = 0;
        while (i + 2 <= data.length) {
            int length = Math.min(((data[i] & 0xff) << 8) | (data[i + 1] & 0xff), data.length - i - 2);
            byte[] message = Arrays.copyOfRange(data, i + 2, i + 2 + length);
            i += 2 + length;
            if (message.length < 20) {
                continue;
            }
            TlReader head = new TlReader(message, 0, 20);
            long sessionId = head.readLong();
            long msgId = head.readLong();
            int seqNo = head.readInt();
            byte[] body = Arrays.copyOfRange(message, 20, 20 + (message.length - 20) / 4 * 4);
            byte[] plaintext = MessageCodec.encodePlaintext(SALT, sessionId, msgId, seqNo, body);
            int padding = 12 + (16 - (plaintext.length + 12) % 16) % 16;
            byte[] frame = key.cipher().encrypt(MessageDirection.CLIENT_TO_SERVER, plaintext, new byte[padding]);
            try {
                connection.onFrame(frame).block();
            } catch (TlDecodeException | MtprotoSecurityException rejected) {
                return; // the server closes the connection
            }
        }
    }

    // ------------------------------------------------------------------ seeds: what a client sends

    static Stream<byte[]> seeds() {
        long session = 0x1122334455667788L;
        long id = (NOW_MILLIS / 1000) << 32;
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(join(message(session, id + 4, 1, boxed(new HelpGetConfig())),
            message(session, id + 8, 0, boxed(new MsgsAck(List.of(id + 4)))),
            message(session, id + 12, 0, boxed(new Ping(5))),
            message(session, id + 16, 1, boxed(new PingDelayDisconnect(6, 75)))));
        seeds.add(join(message(session, id + 40, 2, container(
            inner(id + 20, 1, boxed(new GetFutureSalts(3))),
            inner(id + 24, 0, boxed(new MsgsStateReq(List.of(id + 20, id + 4)))),
            inner(id + 28, 1, boxed(new HelpGetConfig())),
            inner(id + 32, 0, boxed(new MsgResendReq(List.of(id + 28))))))));
        seeds.add(join(message(session, id + 4, 1, boxed(new HelpGetConfig())),
            message(session, id + 8, 1, boxed(new RpcDropAnswerRequest(id + 4))),
            message(session, id + 12, 1, boxed(new DestroySession(session + 1))),
            message(session, id + 4, 1, boxed(new HelpGetConfig()))));
        // a bad msg_id (not a multiple of 4, too old), a container with an odd seq_no
        seeds.add(join(message(session, id + 5, 1, boxed(new Ping(1))),
            message(session, id - (400L << 32), 0, boxed(new Ping(2))),
            message(session, id + 60, 1, container(inner(id + 56, 0, boxed(new Ping(3)))))));
        return seeds.stream();
    }

    private static byte[] boxed(TlObject object) {
        return TlWriter.serialize(object);
    }

    private static byte[] message(long sessionId, long msgId, int seqNo, byte[] body) {
        TlWriter w = new TlWriter();
        w.writeLong(sessionId);
        w.writeLong(msgId);
        w.writeInt(seqNo);
        w.writeRaw(body, 0, body.length);
        return w.toByteArray();
    }

    private static byte[] inner(long msgId, int seqNo, byte[] body) {
        TlWriter w = new TlWriter();
        w.writeLong(msgId);
        w.writeInt(seqNo);
        w.writeInt(body.length);
        w.writeRaw(body, 0, body.length);
        return w.toByteArray();
    }

    private static byte[] container(byte[]... messages) {
        TlWriter w = new TlWriter();
        w.writeInt(MsgContainer.ID);
        w.writeInt(messages.length);
        for (byte[] m : messages) {
            w.writeRaw(m, 0, m.length);
        }
        return w.toByteArray();
    }

    private static byte[] join(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.write(m.length >>> 8);
            out.write(m.length & 0xff);
            out.write(m, 0, m.length);
        }
        return out.toByteArray();
    }

    /** The connection under the dispatch: what the server sends is dropped (the fuzz target reads nothing). */
    private static final class NullConnection implements FrameConnection {
        @Override
        public Flux<ByteBuf> receive() {
            return Flux.empty();
        }

        @Override
        public Flux<InboundFrame> receiveFrames() {
            return Flux.empty();
        }

        @Override
        public Mono<Void> send(Publisher<? extends ByteBuf> packets) {
            return Flux.from(packets).doOnNext(ByteBuf::release).then();
        }

        @Override
        public Mono<Void> sendFrames(Publisher<OutboundFrame> frames) {
            return Flux.from(frames).doOnNext(OutboundFrame::release).then();
        }

        @Override
        public Flux<QuickAck> quickAcks() {
            return Flux.empty();
        }

        @Override
        public Mono<Void> sendQuickAck(int token) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> sendTransportError(int code) {
            return Mono.empty();
        }

        @Override
        public Mono<TransportInfo> info() {
            return Mono.empty();
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public Mono<Void> onClose() {
            return Mono.never();
        }

        @Override
        public Mono<Throwable> closeCause() {
            return Mono.empty();
        }

        @Override
        public void dispose() {
        }
    }
}
