package io.mtflux.testkit.server;

import io.mtflux.core.crypto.DecryptedMessage;
import io.mtflux.core.crypto.MessageDirection;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.internal.session.MessageCodec;
import io.mtflux.core.internal.session.OutgoingMessage;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.InitConnection;
import io.mtflux.core.tl.api.InvokeAfterMsg;
import io.mtflux.core.tl.api.InvokeAfterMsgs;
import io.mtflux.core.tl.api.InvokeWithLayer;
import io.mtflux.core.tl.api.InvokeWithoutUpdates;
import io.mtflux.core.tl.api.auth.AuthBindTempAuthKey;
import io.mtflux.core.tl.mtproto.BadServerSalt;
import io.mtflux.core.tl.mtproto.BaseBadMsgNotification;
import io.mtflux.core.tl.mtproto.DestroySession;
import io.mtflux.core.tl.mtproto.DestroySessionNone;
import io.mtflux.core.tl.mtproto.FutureSalt;
import io.mtflux.core.tl.mtproto.FutureSalts;
import io.mtflux.core.tl.mtproto.GetFutureSalts;
import io.mtflux.core.tl.mtproto.HttpWait;
import io.mtflux.core.tl.mtproto.MsgContainer;
import io.mtflux.core.tl.mtproto.MsgResendReq;
import io.mtflux.core.tl.mtproto.MsgsAck;
import io.mtflux.core.tl.mtproto.MsgsAllInfo;
import io.mtflux.core.tl.mtproto.MsgsStateInfo;
import io.mtflux.core.tl.mtproto.MsgsStateReq;
import io.mtflux.core.tl.mtproto.NewSessionCreated;
import io.mtflux.core.tl.mtproto.Ping;
import io.mtflux.core.tl.mtproto.PingDelayDisconnect;
import io.mtflux.core.tl.mtproto.Pong;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ReqPq;
import io.mtflux.core.tl.mtproto.ReqPqMulti;
import io.mtflux.core.tl.mtproto.RpcAnswerUnknown;
import io.mtflux.core.tl.mtproto.RpcDropAnswerRequest;
import io.mtflux.core.tl.mtproto.RpcError;
import io.mtflux.core.tl.mtproto.RpcResult;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import io.mtflux.testkit.layer.ApiLayers;
import io.mtflux.testkit.layer.LayerTranscodeException;
import io.mtflux.testkit.layer.LayerTranscoder;
import io.mtflux.transport.FrameConnection;
import io.mtflux.transport.TransportException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One client connection to a {@link MtprotoServer}: plain messages drive the key exchange; encrypted ones are
 * checked (docs/protocol.md 2.4, 2.7, 2.8) and answered. Messages are handled one at a time in arrival order; answers
 * of API queries may arrive later and go to whichever connection then carries the session.
 */
final class ServerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    private static final long MAX_PAST_SECONDS = 300;
    private static final long MAX_FUTURE_SECONDS = 30;

    private final MtprotoServer server;
    private final FrameConnection conn;
    private final Sinks.Many<io.netty.buffer.ByteBuf> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private ServerHandshake handshake;
    /** The batch of the frame being processed, and its thread: answers computed synchronously join it. */
    private Batch activeBatch;
    private Thread activeThread;
    private volatile Disposable disconnectTimer;
    /** Whether this connection still answers; a network fault makes it silent for good. */
    private volatile Silence silence = Silence.NONE;
    /** This connection got -429 and is closing: the packets still buffered are dropped too. */
    private boolean flooded;

    /** How a connection hit by a network fault behaves from then on (it never closes on its own). */
    enum Silence {
        /** Answers as usual. */
        NONE,
        /** Reads and ignores everything, answers nothing: a black hole. */
        BLACK_HOLE,
        /** Stops reading and writing: the server's side vanished without a FIN or RST (half-open). */
        HALF_OPEN
    }

    ServerConnection(MtprotoServer server, FrameConnection conn) {
        this.server = server;
        this.conn = conn;
    }

    /** Serves the connection until it closes. */
    Mono<Void> run() {
        server.opened(this);
        if (server.faults().takeBlackHoledConnection()) {
            silence(Silence.BLACK_HOLE);
        }
        // a failed send ends the outbound stream for good: close the connection rather than leave it deaf (the
        // client reconnects and re-sends; its answers are kept), as a real server's dead writer would
        conn.send(outbound.asFlux()).subscribe(null, e -> {
            LOG.debug("send failed, closing the connection: {}", e.toString());
            close();
        });
        return conn.receive()
            .map(buf -> {
                // copy at once: nothing reference-counted waits in a queue that a close could discard
                try {
                    return ByteBufUtil.getBytes(buf);
                } finally {
                    buf.release();
                }
            })
            .concatMap(frame -> {
                Silence now = silence;
                if (now == Silence.HALF_OPEN) {
                    // handle nothing more; the demand stops here until the connection closes
                    return conn.onClose().onErrorResume(e -> Mono.empty());
                }
                if (now == Silence.BLACK_HOLE || flooded) {
                    return Mono.empty();
                }
                if (!conn.isDisposed() && server.faults().takeTransportFlood()) {
                    flooded = true;
                    // -429 as Telegram sends it to a client that floods a connection; the packet is dropped
                    return conn.sendTransportError(TransportException.FLOOD)
                        .onErrorResume(e -> Mono.empty())
                        .then(Mono.fromRunnable(this::close));
                }
                return onFrame(frame).onErrorResume(e -> {
                    LOG.debug("closing a connection after bad input: {}", e.toString());
                    close();
                    return Mono.empty();
                });
            }, 1)
            .onErrorResume(e -> Mono.empty())
            .then()
            .doFinally(s -> {
                server.closed(this);
                Disposable timer = disconnectTimer;
                if (timer != null) {
                    timer.dispose();
                }
            });
    }

    void close() {
        conn.dispose();
    }

    /**
     * Makes this connection silent for good (a black hole or a half-open connection): it sends nothing more and
     * never closes on its own (the {@code ping_delay_disconnect} timer is cancelled), so only the client can notice.
     *
     * @return whether it was answering until now
     */
    boolean silence(Silence how) {
        Silence before = silence;
        silence = how;
        Disposable timer = disconnectTimer;
        if (timer != null) {
            timer.dispose();
        }
        return before == Silence.NONE;
    }

    Silence silence() {
        return silence;
    }

    private synchronized void emit(byte[] packet) {
        if (silence != Silence.NONE) {
            return;
        }
        outbound.tryEmitNext(Unpooled.wrappedBuffer(packet));
    }

    // ------------------------------------------------------------------ plain messages: key exchange

    /** One received frame (package-private for the dispatch fuzz target). */
    Mono<Void> onFrame(byte[] frame) {
        if (frame.length < 8) {
            return Mono.error(new TlDecodeException("frame of " + frame.length + " bytes", 0, 0));
        }
        long authKeyId = new TlReader(frame).readLong();
        return authKeyId == 0 ? onPlain(frame) : onEncrypted(authKeyId, frame);
    }

    private Mono<Void> onPlain(byte[] frame) {
        TlObject message = MessageCodec.decodePlain(frame);
        if (message instanceof ReqPq || message instanceof ReqPqMulti) {
            handshake = new ServerHandshake(server.handshakeSettings(), RandomSource.secure(),
                () -> server.faults().nowMillis() / 1000);
            sendPlain(handshake.onReqPq(message));
            return Mono.empty();
        }
        ServerHandshake current = handshake;
        if (current == null) {
            return Mono.error(new IllegalStateException("key exchange message without req_pq"));
        }
        if (message instanceof ReqDHParams request) {
            return current.onReqDhParamsAsync(request).doOnNext(this::sendPlain).then();
        }
        if (message instanceof SetClientDHParams request) {
            return current.onSetClientDhParamsAsync(request).doOnNext(answer -> {
                HandshakeResult result = current.result();
                if (result != null) {
                    server.register(result.authKey(), result.serverSalt(), result.expiresIn());
                    handshake = null;
                }
                sendPlain(answer);
            }).then();
        }
        return Mono.error(new IllegalStateException("unexpected " + message.tlName() + " in a plain message"));
    }

    private void sendPlain(TlObject message) {
        emit(MessageCodec.encodePlain(server.messageIds.next(true), message));
    }

    // ------------------------------------------------------------------ encrypted messages

    private Mono<Void> onEncrypted(long authKeyId, byte[] frame) {
        ServerAuthKey key = server.authKey(authKeyId);
        if (key == null) {
            if (silence != Silence.NONE) {
                return Mono.empty();
            }
            return conn.sendTransportError(TransportException.AUTH_KEY_NOT_FOUND).then(Mono.fromRunnable(this::close));
        }
        DecryptedMessage message;
        try {
            // the frame is this connection's own copy: decrypt it in place
            message = key.cipher().decryptInPlace(MessageDirection.CLIENT_TO_SERVER, Unpooled.wrappedBuffer(frame));
        } catch (MtprotoSecurityException e) {
            return Mono.error(e);
        }
        server.used(key, message.sessionId(), message.msgId());
        byte[] body = ByteBufUtil.getBytes(message.body());
        boolean[] created = {false};
        ServerMessageSession session = server.session(key, message.sessionId(), created);
        session.connection(this);
        Batch batch = new Batch(session);
        if (created[0]) {
            batch.add(new NewSessionCreated(message.msgId(), server.randomLong(), key.salt()), true, false);
        }
        if (!checkEnvelope(session, message, batch)) {
            batch.flush();
            return Mono.empty();
        }
        List<Runnable> work = new ArrayList<>();
        handle(session, message.msgId(), message.seqNo(), body, true, batch, work);
        // queries run detached from this connection: a query the session accepted is answered (and its answer
        // kept for a re-send) even when the connection that brought it closes meanwhile
        activeBatch = batch;
        activeThread = Thread.currentThread();
        try {
            for (Runnable query : work) {
                query.run();
            }
        } finally {
            activeBatch = null;
            activeThread = null;
        }
        batch.flush();
        return Mono.empty();
    }

    /** Answers a message with bad_msg_notification {@code code}, counted by the server. */
    private void badMsg(Batch batch, long msgId, int seqNo, int code) {
        server.countBadMsgNotification(code);
        batch.add(new BaseBadMsgNotification(msgId, seqNo, code), false, true);
    }

    /** msg_id parity and time window, salt: answered with bad_msg_notification / bad_server_salt. */
    private boolean checkEnvelope(ServerMessageSession session, DecryptedMessage m, Batch batch) {
        long msgId = m.msgId();
        if ((msgId & 3) != 0) {
            badMsg(batch, msgId, m.seqNo(), 18);
            return false;
        }
        long now = server.faults().nowMillis() / 1000;
        long sent = msgId >>> 32;
        if (sent < now - MAX_PAST_SECONDS) {
            badMsg(batch, msgId, m.seqNo(), 16);
            return false;
        }
        if (sent > now + MAX_FUTURE_SECONDS) {
            badMsg(batch, msgId, m.seqNo(), 17);
            return false;
        }
        if (!session.key.acceptsSalt(m.salt())) {
            batch.add(new BadServerSalt(msgId, m.seqNo(), 48, session.key.salt()), false, true);
            return false;
        }
        return true;
    }

    private void handle(ServerMessageSession session, long msgId, int seqNo, byte[] body, boolean topLevel, Batch batch,
                        List<Runnable> work) {
        byte state = session.state(msgId);
        if (!session.accept(msgId)) {
            if (state != 1) {
                server.countResentQuery(session.queryName(msgId));
            }
            byte[] answer = session.answerTo(msgId);
            if (answer != null) {
                batch.addRaw(answer, true, true); // a re-sent query: the same answer again, not a second execution
            } else if (state == 1) {
                // older than every msg_id we keep: we cannot tell whether it was seen (docs/protocol.md 2.9, code 20)
                badMsg(batch, msgId, seqNo, 20);
            } else {
                LOG.debug("query {} is a duplicate still being processed", Long.toHexString(msgId));
            }
            return;
        }
        TlReader r = new TlReader(body);
        int id = r.peekInt();
        // a container must have an even seq_no (34). msgs_ack should too, but mtcute 0.30.3 numbers its acks as
        // content-related and Telegram lets that pass (answering 34 makes mtcute reset its session in a loop)
        if (id == MsgContainer.ID && (seqNo & 1) != 0) {
            badMsg(batch, msgId, seqNo, 34);
            return;
        }
        switch (id) {
            case MsgContainer.ID -> {
                if (!topLevel) {
                    badMsg(batch, msgId, seqNo, 64);
                    return;
                }
                MessageCodec.readContainer(r, (innerId, innerSeq, inner) -> {
                    if (innerId >= msgId) {
                        badMsg(batch, innerId, innerSeq, 64);
                    } else if ((innerId & 3) != 0) {
                        badMsg(batch, innerId, innerSeq, 18);
                    } else {
                        handle(session, innerId, innerSeq, inner, false, batch, work);
                    }
                });
            }
            case MsgsAck.ID, MsgsStateInfo.ID, MsgsAllInfo.ID, HttpWait.ID -> r.readObject();
            case Ping.ID -> batch.add(new Pong(msgId, ((Ping) r.readObject()).pingId()), false, true);
            case PingDelayDisconnect.ID -> {
                PingDelayDisconnect ping = (PingDelayDisconnect) r.readObject();
                scheduleDisconnect(ping.disconnectDelay());
                batch.add(new Pong(msgId, ping.pingId()), false, true);
            }
            case GetFutureSalts.ID -> batch.add(futureSalts(msgId, (GetFutureSalts) r.readObject(), session), false,
                true);
            case MsgsStateReq.ID -> {
                MsgsStateReq request = (MsgsStateReq) r.readObject();
                byte[] info = new byte[request.msgIds().size()];
                for (int i = 0; i < info.length; i++) {
                    info[i] = session.state(request.msgIds().get(i));
                }
                batch.add(new MsgsStateInfo(msgId, info), false, true);
            }
            case MsgResendReq.ID -> {
                for (long requested : ((MsgResendReq) r.readObject()).msgIds()) {
                    byte[] answer = session.answerTo(requested);
                    if (answer != null) {
                        batch.addRaw(answer, true, true);
                    }
                }
            }
            case RpcDropAnswerRequest.ID -> {
                r.readObject();
                answer(session, msgId, new RpcAnswerUnknown(), batch);
            }
            case DestroySession.ID -> answer(session, msgId,
                new DestroySessionNone(((DestroySession) r.readObject()).sessionId()), batch);
            default -> {
                if ((seqNo & 1) == 0) {
                    badMsg(batch, msgId, seqNo, 35);
                    return;
                }
                work.add(query(session, msgId, body));
            }
        }
    }

    private FutureSalts futureSalts(long msgId, GetFutureSalts request, ServerMessageSession session) {
        int now = (int) (server.faults().nowMillis() / 1000);
        int count = Math.max(1, Math.min(64, request.num()));
        List<FutureSalt> salts = new ArrayList<>(count);
        salts.add(new FutureSalt(now - 60, now + 1800, session.key.salt()));
        for (int i = 1; i < count; i++) {
            // later salts are announced but only the current one is accepted until it is rotated
            salts.add(new FutureSalt(now + 1800 * i, now + 1800 * (i + 1), session.key.salt()));
        }
        return new FutureSalts(msgId, now, salts);
    }

    private void scheduleDisconnect(int seconds) {
        Disposable previous = disconnectTimer;
        if (previous != null) {
            previous.dispose();
        }
        disconnectTimer = Mono.delay(Duration.ofSeconds(Math.max(1, seconds)), Schedulers.parallel())
            .subscribe(t -> {
                if (silence == Silence.NONE) {
                    close();
                }
            });
    }

    /**
     * An API query: learn the layer it announces, transcode it from that layer to 228, unwrap the connection
     * wrappers, ask the handler, answer with rpc_result (in the client's layer). Returns the work to run once the
     * frame's messages have been read (the answer then joins the frame's packet when it is ready at once).
     */
    private Runnable query(ServerMessageSession session, long msgId, byte[] body) {
        TlMethod<?> method;
        byte[] request = body;
        try {
            request = LayerTranscoder.unpack(body);
            int announced = LayerTranscoder.announcedLayer(request);
            if (announced > 0) {
                session.key.layer(announced);
            }
            method = new TlReader(ApiLayers.transcoder(session.key.layer()).toServer(request)).readMethod();
        } catch (TlDecodeException | LayerTranscodeException e) {
            LOG.debug("undecodable query in layer {}: {}", session.key.layer(), e.getMessage());
            RpcError error = new RpcError(400, inputError(request, e));
            return () -> sendAnswer(session, msgId, error);
        }
        while (true) {
            if (method instanceof InvokeWithLayer<?> wrapper) {
                session.key.layer(wrapper.layer());
                method = wrapper.query();
            } else if (method instanceof InitConnection<?> wrapper) {
                method = wrapper.query();
            } else if (method instanceof InvokeWithoutUpdates<?> wrapper) {
                method = wrapper.query();
            } else if (method instanceof InvokeAfterMsg<?> wrapper) {
                method = wrapper.query();
            } else if (method instanceof InvokeAfterMsgs<?> wrapper) {
                method = wrapper.query();
            } else {
                break;
            }
        }
        TlMethod<?> query = method;
        session.queryName(msgId, query.tlName());
        return () -> {
            RpcException injected = server.faults().injectedError(query.tlName());
            Duration delay = server.faults().replyDelay();
            Mono<Object> result;
            try {
                result = injected != null ? Mono.error(injected) : answer(session, msgId, query);
            } catch (RuntimeException e) {
                result = Mono.error(e);
            }
            if (injected == null && server.faults().failsAfterExecuting()) {
                // executed (and its effects kept), but the answer is an error: what a retry must not repeat
                result = result.flatMap(value -> {
                    RpcException afterwards = server.faults().injectedErrorAfterExecuting(query.tlName());
                    return afterwards == null ? Mono.just(value) : Mono.error(afterwards);
                });
            }
            if (delay.isZero() && result instanceof Fuseable.ScalarCallable) {
                // an answer known at once (Mono.just, empty or error): no operator chain per query
                Object value;
                try {
                    value = ((Callable<?>) result).call();
                } catch (Exception e) {
                    value = errorAnswer(query, e);
                }
                sendAnswer(session, msgId, value == null ? new RpcError(500, "NO_ANSWER") : value);
                return;
            }
            if (!delay.isZero()) {
                result = result.delaySubscription(delay, Schedulers.parallel());
            }
            result
                .onErrorResume(e -> Mono.just(errorAnswer(query, e)))
                .defaultIfEmpty(new RpcError(500, "NO_ANSWER"))
                .subscribe(value -> sendAnswer(session, msgId, value), e -> LOG.warn("answering a query failed", e));
        };
    }

    /**
     * The server answers auth.bindTempAuthKey itself and keeps an unbound temporary key to the methods it may call
     * (https://core.telegram.org/api/pfs); everything else goes to the handler.
     */
    private Mono<Object> answer(ServerMessageSession session, long msgId, TlMethod<?> query) {
        if (query instanceof AuthBindTempAuthKey bind) {
            return Mono.just(server.bindings().bind(session.key, session.sessionId, msgId, bind));
        }
        RpcException refusal = TempKeyBindings.refusalOfUnbound(session.key, query.tlName());
        if (refusal != null) {
            return Mono.error(refusal);
        }
        return java.util.Objects.requireNonNull(server.handler().handle(new Context(session, msgId), query),
            "the handler returned null");
    }

    /** The rpc_error a failed handler answers with: its own for an RpcException, 500 INTERNAL otherwise. */
    private static RpcError errorAnswer(TlMethod<?> query, Throwable e) {
        if (e instanceof RpcException rpc) {
            return new RpcError(rpc.code(), rpc.errorMessage());
        }
        LOG.warn("handler failed on {}", query.tlName(), e);
        return new RpcError(500, "INTERNAL");
    }

    /**
     * The error for a query that cannot be read: {@code INPUT_METHOD_INVALID_<id>} (unsigned decimal) for a method
     * the client's layer or the testkit does not know, {@code INPUT_FETCH_ERROR} for arguments that do not parse.
     */
    private static String inputError(byte[] request, RuntimeException e) {
        int id = 0;
        if (e instanceof LayerTranscodeException t) {
            id = t.constructorId();
            boolean method = e.getMessage() != null && e.getMessage().startsWith("method ");
            return method ? "INPUT_METHOD_INVALID_" + Integer.toUnsignedString(id) : "INPUT_FETCH_ERROR";
        }
        TlDecodeException d = (TlDecodeException) e;
        String message = d.getMessage() == null ? "" : d.getMessage();
        boolean unknownMethod = message.startsWith("unknown method") || message.contains("for type Object");
        if (unknownMethod && d.offset() >= 0 && d.offset() + 4 <= request.length) {
            id = (request[d.offset()] & 0xff) | (request[d.offset() + 1] & 0xff) << 8
                | (request[d.offset() + 2] & 0xff) << 16 | (request[d.offset() + 3] & 0xff) << 24;
            return "INPUT_METHOD_INVALID_" + Integer.toUnsignedString(id);
        }
        return "INPUT_FETCH_ERROR";
    }

    /** Answers a service query (rpc_drop_answer, destroy_session): MTProto objects, the same in every layer. */
    private void answer(ServerMessageSession session, long msgId, Object value, Batch batch) {
        byte[] body = rpcResult(msgId, value, ApiLayers.transcoder(ApiLayers.NATIVE));
        session.remember(msgId, body);
        batch.addRaw(body, true, true);
    }

    private void sendAnswer(ServerMessageSession session, long msgId, Object value) {
        byte[] body;
        try {
            body = rpcResult(msgId, value, ApiLayers.transcoder(session.key.layer()));
        } catch (LayerTranscodeException e) {
            LOG.warn("cannot answer in layer {}: {}", session.key.layer(), e.getMessage());
            body = rpcResult(msgId, new RpcError(500, "INTERNAL"), ApiLayers.transcoder(ApiLayers.NATIVE));
        }
        session.remember(msgId, body);
        if (server.faults().dropReply()) {
            return;
        }
        ServerConnection target = session.connection();
        Batch active = target == null ? null : target.activeBatch;
        if (active != null && active.session == session && target.activeThread == Thread.currentThread()) {
            active.addRaw(body, true, true);
        } else if (target != null) {
            Batch batch = target.new Batch(session);
            batch.addRaw(body, true, true);
            batch.flush();
        } else {
            LOG.debug("answer to {} kept for a re-send: the session has no connection", Long.toHexString(msgId));
        }
    }

    private static byte[] rpcResult(long reqMsgId, Object value, LayerTranscoder layer) {
        TlWriter w = new TlWriter();
        w.writeInt(RpcResult.ID);
        w.writeLong(reqMsgId);
        writeResult(w, value, layer);
        return w.toByteArray();
    }

    /** A TL object, Boolean or List answer; API objects are transcoded to the client's layer, rpc_error is not. */
    private static void writeResult(TlWriter w, Object value, LayerTranscoder layer) {
        if (value instanceof RpcError || (value instanceof TlObject && layer.isIdentity())) {
            w.writeObject((TlObject) value);
        } else if (value instanceof TlObject object) {
            byte[] bytes = layer.toClient(TlWriter.serialize(object));
            w.writeRaw(bytes, 0, bytes.length);
        } else if (value instanceof Boolean b) {
            w.writeBool(b);
        } else if (value instanceof List<?> list) {
            w.writeVectorHeader(list.size());
            for (Object element : list) {
                if (element instanceof Long l) {
                    w.writeLong(l);
                } else if (element instanceof Integer i) {
                    w.writeInt(i);
                } else {
                    writeResult(w, element, layer);
                }
            }
        } else {
            throw new IllegalArgumentException("cannot serialize a " + value.getClass().getName() + " result");
        }
    }

    /** Pushes a message to the session (an update), on whichever connection carries it, in its layer. */
    static void push(ServerMessageSession session, TlObject message) {
        ServerConnection target = session.connection();
        if (target != null && target.server.faults().dropPush()) {
            LOG.debug("dropping a pushed {} (fault)", message.tlName());
            return;
        }
        if (target != null) {
            byte[] body;
            try {
                body = ApiLayers.transcoder(session.key.layer()).toClient(TlWriter.serialize(message));
            } catch (LayerTranscodeException e) {
                LOG.warn("cannot push {} in layer {}: {}", message.tlName(), session.key.layer(), e.getMessage());
                return;
            }
            Batch batch = target.new Batch(session);
            batch.addRaw(body, true, false);
            batch.flush();
        }
    }

    /** Messages to send to one session, packed into one encrypted packet (a container when several). */
    final class Batch {
        private final ServerMessageSession session;
        private final List<OutgoingMessage> messages = new ArrayList<>();

        Batch(ServerMessageSession session) {
            this.session = session;
        }

        void add(TlObject message, boolean contentRelated, boolean answer) {
            addRaw(TlWriter.serialize(message), contentRelated, answer);
        }

        void addRaw(byte[] body, boolean contentRelated, boolean answer) {
            messages.add(new OutgoingMessage(server.messageIds.next(answer), session.nextSeqNo(contentRelated),
                body));
        }

        void flush() {
            if (messages.isEmpty()) {
                return;
            }
            OutgoingMessage top = messages.size() == 1 ? messages.get(0)
                : new OutgoingMessage(server.messageIds.next(false), session.nextSeqNo(false),
                    MessageCodec.encodeContainer(messages));
            messages.clear();
            byte[] body = top.body();
            Faults.Tamper tamper = server.faults().nextTamper();
            if (tamper != null) {
                server.faults().fired(tamper);
            }
            if (tamper == Faults.Tamper.OVERSIZED_CONTAINER) {
                body = new byte[] {(byte) 0xdc, (byte) 0xf8, (byte) 0xf1, 0x73, 0x40, 0x42, 0x0f, 0x00};
            } else if (tamper == Faults.Tamper.MALFORMED_TL) {
                body = new byte[] {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88};
            }
            long sessionId = tamper == Faults.Tamper.WRONG_SESSION ? ~session.sessionId : session.sessionId;
            byte[] packet = session.key.cipher().encrypt(MessageDirection.SERVER_TO_CLIENT,
                MessageCodec.encodePlaintext(session.key.salt(), sessionId, top.msgId(), top.seqNo(), body));
            if (tamper == Faults.Tamper.CORRUPT_MSG_KEY) {
                packet[packet.length - 1] ^= 1;
            }
            emit(packet);
            if (tamper == Faults.Tamper.REPLAY) {
                emit(packet.clone());
            }
        }
    }

    /** The context handed to the handler. */
    private static final class Context implements RequestContext {
        private final ServerMessageSession session;
        private final long msgId;

        Context(ServerMessageSession session, long msgId) {
            this.session = session;
            this.msgId = msgId;
        }

        @Override
        public int dcId() {
            ServerConnection c = session.connection();
            return c == null ? 0 : c.server.dcId();
        }

        @Override
        public ServerAuthKey authKey() {
            return session.key;
        }

        @Override
        public long sessionId() {
            return session.sessionId;
        }

        @Override
        public long msgId() {
            return msgId;
        }

        @Override
        public int layer() {
            return session.key.layer();
        }

        @Override
        public void push(TlObject message) {
            ServerConnection.push(session, message);
        }
    }
}
