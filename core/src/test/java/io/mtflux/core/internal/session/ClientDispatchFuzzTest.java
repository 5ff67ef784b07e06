package io.mtflux.core.internal.session;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.fuzz.Chunks;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.UpdateSavedGifs;
import io.mtflux.core.tl.api.UpdateShort;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.UpdatesTooLong;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.mtproto.BadServerSalt;
import io.mtflux.core.tl.mtproto.BaseBadMsgNotification;
import io.mtflux.core.tl.mtproto.BaseMsgDetailedInfo;
import io.mtflux.core.tl.mtproto.FutureSalt;
import io.mtflux.core.tl.mtproto.FutureSalts;
import io.mtflux.core.tl.mtproto.GetFutureSalts;
import io.mtflux.core.tl.mtproto.MsgContainer;
import io.mtflux.core.tl.mtproto.MsgResendReq;
import io.mtflux.core.tl.mtproto.MsgsAck;
import io.mtflux.core.tl.mtproto.MsgsStateReq;
import io.mtflux.core.tl.mtproto.NewSessionCreated;
import io.mtflux.core.tl.mtproto.Ping;
import io.mtflux.core.tl.mtproto.Pong;
import io.mtflux.core.tl.mtproto.RpcError;
import io.mtflux.core.tl.mtproto.RpcResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target for the client's inbound dispatch after decryption: {@link MessageSession#onMessage} with
 * containers, service messages, rpc_result, gzip_packed, msgs_ack, bad_msg_notification, new_session_created,
 * future salts and updates. The input is a sequence of decrypted messages ({@link Chunks}), each an 8-byte msg_id,
 * a 4-byte seq_no (little-endian) and the body; after each one the session's outbound queue is drained, as the
 * connection does. Four requests are pending when the messages arrive; as their msg_ids are random, a body that
 * names one of them uses a placeholder ({@link #PLACEHOLDER} + its index, read as a 64-bit value at any 4-byte
 * step), which the harness replaces with the real msg_id. A body the session rejects must throw
 * {@link TlDecodeException}, {@link ProtocolException} or {@link MtprotoSecurityException} (the connection drops
 * on those), and a request may only fail with a {@link ProtocolException} or an {@link RpcException}; anything
 * else is a finding.
 */
class ClientDispatchFuzzTest {

    static final long PLACEHOLDER = 0x5eed5eed00000000L;
    private static final long NOW_MILLIS = 1_700_000_000_000L;

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10m")
    void decryptedMessages(byte[] data) {
        List<String> failures = new ArrayList<>();
        MessageSession session = new MessageSession(new MessageIdGenerator(() -> NOW_MILLIS), new ServerSalts(42),
            () -> 0x1122334455667788L, new SessionListener() {
                @Override
                public void onUpdates(Updates updates) {
                }
            });
        List<TlMethod<?>> methods = List.of(new Ping(7), new GetFutureSalts(3), new UpdatesGetState(),
            new HelpGetConfig());
        List<PendingRequest> requests = new ArrayList<>();
        for (TlMethod<?> method : methods) {
            requests.add(session.submit(method, TlWriter.serialize(method), new RequestSink() {
                @Override
                public void success(Object result) {
                }

                @Override
                public void error(Throwable error) {
                    if (!(error instanceof ProtocolException || error instanceof RpcException)) {
                        throw new AssertionError("a request failed with an untyped exception", error);
                    }
                }
            }, !(method instanceof Ping)));
        }
        drain(session);
        for (byte[] chunk : Chunks.split(data)) {
            if (chunk.length < 12) {
                continue;
            }
            TlReader head = new TlReader(chunk, 0, 12);
            long msgId = head.readLong();
            int seqNo = head.readInt();
            byte[] body = new byte[chunk.length - 12];
            System.arraycopy(chunk, 12, body, 0, body.length);
            substitute(body, requests);
            try {
                session.onMessage(msgId, seqNo, new TlReader(body));
            } catch (TlDecodeException | ProtocolException | MtprotoSecurityException rejected) {
                return; // the connection drops here
            }
            drain(session);
        }
    }

    private static void drain(MessageSession session) {
        for (int i = 0; i < 100 && session.nextPacket() != null; i++) {
            // sent
        }
    }

    private static void substitute(byte[] body, List<PendingRequest> requests) {
        for (int i = 0; i + 8 <= body.length; i += 4) {
            long v = new TlReader(body, i, 8).readLong();
            long index = v - PLACEHOLDER;
            if (index >= 0 && index < requests.size()) {
                long real = MessageSession.msgIdOf(requests.get((int) index));
                TlWriter w = new TlWriter(8);
                w.writeLong(real);
                System.arraycopy(w.toByteArray(), 0, body, i, 8);
            }
        }
    }

    // ------------------------------------------------------------------ seeds: what a server sends

    static Stream<byte[]> seeds() {
        long id = ((NOW_MILLIS / 1000) << 32) | 1;
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Chunks.join(List.of(
            message(id, 1, boxed(new NewSessionCreated(PLACEHOLDER, 99, 43))),
            message(id + 4, 1, rpcResult(PLACEHOLDER, boxed(new Pong(PLACEHOLDER, 7)))),
            message(id + 8, 1, rpcResult(PLACEHOLDER + 1, boxed(new FutureSalts(PLACEHOLDER + 1, 1_700_000_000,
                List.of(new FutureSalt(1_700_000_000, 1_700_001_800, 44)))))),
            message(id + 12, 1, rpcResult(PLACEHOLDER + 2, boxed(new RpcError(420, "FLOOD_WAIT_3")))),
            message(id + 16, 1, rpcResult(PLACEHOLDER + 3, gzip(boxed(new RpcError(500, "INTERNAL"))))))));
        seeds.add(Chunks.join(List.of(message(id, 0, container(
            inner(id - 8, 0, boxed(new MsgsAck(List.of(PLACEHOLDER, PLACEHOLDER + 1)))),
            inner(id - 4, 1, boxed(new NewSessionCreated(PLACEHOLDER, 5, 6))),
            inner(id - 2, 1, boxed(new UpdateShort(new UpdateSavedGifs(), 1_700_000_000))))))));
        for (int code : new int[] {16, 17, 20, 32, 33, 34, 48, 64}) {
            TlObject bad = code == 48 ? new BadServerSalt(PLACEHOLDER + 2, 3, 48, 77)
                : new BaseBadMsgNotification(PLACEHOLDER + 2, 3, code);
            seeds.add(Chunks.join(List.of(message(id, 0, boxed(bad)))));
        }
        seeds.add(Chunks.join(List.of(
            message(id, 0, boxed(new MsgsStateReq(List.of(PLACEHOLDER, id)))),
            message(id + 4, 0, boxed(new MsgResendReq(List.of(PLACEHOLDER + 3)))),
            message(id + 8, 0, boxed(new BaseMsgDetailedInfo(PLACEHOLDER + 2, id + 100, 40, 0))),
            message(id + 12, 1, gzip(boxed(new UpdatesTooLong()))),
            message(id + 16, 1, rpcResult(PLACEHOLDER + 2, gzip(boxed(new UpdatesTooLong())))))));
        return seeds.stream();
    }

    private static byte[] message(long msgId, int seqNo, byte[] body) {
        TlWriter w = new TlWriter();
        w.writeLong(msgId);
        w.writeInt(seqNo);
        w.writeRaw(body, 0, body.length);
        return w.toByteArray();
    }

    private static byte[] rpcResult(long reqMsgId, byte[] result) {
        TlWriter w = new TlWriter();
        w.writeInt(RpcResult.ID);
        w.writeLong(reqMsgId);
        w.writeRaw(result, 0, result.length);
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

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TlWriter w = new TlWriter();
        w.writeInt(TlReader.GZIP_PACKED_ID);
        w.writeBytes(out.toByteArray());
        return w.toByteArray();
    }

    private static byte[] boxed(TlObject object) {
        return TlWriter.serialize(object);
    }
}
