package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.fuzz.Chunks;
import io.mtflux.core.fuzz.DeterministicRandom;
import io.mtflux.core.handshake.ClientHandshakeSettings;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.internal.server.ServerHandshakeSettings;
import io.mtflux.core.internal.session.MessageCodec;
import io.mtflux.core.internal.session.ProtocolException;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.mtproto.DhGenFail;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHParamsFail;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.scheduler.Schedulers;

/**
 * Fuzz target for the client half of the key exchange: every server answer (resPQ, server_DH_params_ok/fail,
 * dh_gen_ok/retry/fail) goes, as the unencrypted frame the client receives, through the path the connection
 * uses ({@code MessageCodec.decodePlain}, then {@link KeyExchange#onMessage}, which runs the
 * {@code ClientHandshake} step). The input is a sequence of frames ({@link Chunks}). Randomness and the clock are
 * fixed, so the seeds, recorded from a real exchange with the server half, stay valid: the fuzzer starts from
 * answers that pass every check. A malformed frame must be a {@link TlDecodeException}, and a failed exchange
 * must report a {@link MtprotoSecurityException}, {@link TlDecodeException} or {@link ProtocolException}; any
 * other exception is a finding.
 */
class ClientHandshakeFuzzTest {

    private static final long NOW = 1_700_000_000L;
    private static final RsaPrivateKey SERVER_KEY =
        RsaPrivateKey.generateForServer(2048, new DeterministicRandom("fuzz server rsa"));
    private static final ClientHandshakeSettings SETTINGS =
        ClientHandshakeSettings.permanent(2).withKeys(RsaKeyRing.of(SERVER_KEY.publicKey()));
    private static final ClientHandshakeSettings TEMPORARY =
        ClientHandshakeSettings.temporary(2, 3600).withKeys(RsaKeyRing.of(SERVER_KEY.publicKey()));

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10m")
    void serverAnswers(byte[] data) {
        List<byte[]> frames = Chunks.split(data);
        // the first chunk's first byte picks the kind of key, the rest are the server's frames
        boolean temporary = !frames.isEmpty() && frames.get(0).length > 0 && (frames.get(0)[0] & 1) == 1;
        Run run = new Run(temporary ? TEMPORARY : SETTINGS);
        run.exchange.begin();
        for (byte[] frame : frames.subList(Math.min(1, frames.size()), frames.size())) {
            if (run.exchange.finished()) {
                break;
            }
            TlObject message;
            try {
                message = MessageCodec.decodePlain(frame);
            } catch (TlDecodeException expected) {
                return;
            }
            run.exchange.onMessage(message);
        }
        if (run.failure != null && !(run.failure instanceof MtprotoSecurityException
                || run.failure instanceof TlDecodeException || run.failure instanceof ProtocolException)) {
            throw new AssertionError("the exchange failed with an untyped exception", run.failure);
        }
        if (run.key != null) {
            assertThat(run.key.authKey().bytes()).hasSize(256);
        }
    }

    /** One exchange on the caller's thread: the connection's loop and the computation scheduler are both inline. */
    private static final class Run implements KeyExchange.Listener {
        final KeyExchange exchange;
        final List<TlObject> sent = new ArrayList<>();
        Throwable failure;
        HandshakeResult key;

        Run(ClientHandshakeSettings settings) {
            exchange = new KeyExchange(settings, new DeterministicRandom("fuzz client"), () -> NOW - 7,
                Schedulers.immediate(), Runnable::run, this);
        }

        @Override
        public void sendPlain(TlObject message) {
            sent.add(message);
        }

        @Override
        public void onKey(KeyExchange e, HandshakeResult result) {
            key = result;
        }

        @Override
        public void onFailed(KeyExchange e, Throwable error) {
            failure = error;
        }
    }

    /** Real exchanges with the server half, recorded as the frames the client received. */
    static Stream<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (boolean temporary : new boolean[] {false, true}) {
            seeds.add(record(temporary, 0, Ending.OK));
            seeds.add(record(temporary, 1, Ending.OK));
        }
        seeds.add(record(false, 0, Ending.DH_PARAMS_FAIL));
        seeds.add(record(false, 0, Ending.DH_GEN_FAIL));
        seeds.add(record(false, 0, Ending.RES_PQ_ONLY));
        return seeds.stream();
    }

    private enum Ending { OK, DH_PARAMS_FAIL, DH_GEN_FAIL, RES_PQ_ONLY }

    private static byte[] record(boolean temporary, int retries, Ending ending) {
        AtomicInteger collisions = new AtomicInteger();
        ServerHandshake server = new ServerHandshake(ServerHandshakeSettings.of(SERVER_KEY)
            .withAcceptsDc(ServerHandshakeSettings.dcMatcher(2, false))
            .withKeyIdTaken(k -> collisions.incrementAndGet() <= retries),
            new DeterministicRandom("fuzz server"), () -> NOW);
        Run run = new Run(temporary ? TEMPORARY : SETTINGS);
        List<byte[]> frames = new ArrayList<>();
        frames.add(new byte[] {(byte) (temporary ? 1 : 0)});
        long msgId = (NOW << 32) | 1;
        run.exchange.begin();
        ResPQ resPq = null;
        for (int i = 0; i < 10 && !run.exchange.finished(); i++) {
            TlObject request = run.sent.get(run.sent.size() - 1);
            TlObject answer;
            if (request instanceof ReqDHParams r) {
                answer = ending == Ending.DH_PARAMS_FAIL
                    ? new ServerDHParamsFail(r.nonce(), r.serverNonce(), new byte[16]) : server.onReqDhParams(r);
            } else if (request instanceof SetClientDHParams r) {
                answer = ending == Ending.DH_GEN_FAIL
                    ? new DhGenFail(r.nonce(), r.serverNonce(), new byte[16]) : server.onSetClientDhParams(r);
            } else {
                resPq = server.onReqPq(request);
                answer = resPq;
            }
            byte[] frame = MessageCodec.encodePlain(msgId += 4, answer);
            frames.add(frame);
            run.exchange.onMessage(MessageCodec.decodePlain(frame));
            if (ending == Ending.RES_PQ_ONLY) {
                break;
            }
        }
        if (ending == Ending.OK && run.key == null) {
            throw new IllegalStateException("the recorded exchange did not agree on a key", run.failure);
        }
        return Chunks.join(frames);
    }
}
