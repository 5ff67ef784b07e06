package io.mtflux.core.internal.server;

import io.mtflux.core.crypto.AesKeyIv;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.BigInts;
import io.mtflux.core.crypto.DhEnvelope;
import io.mtflux.core.crypto.DhKeyAgreement;
import io.mtflux.core.crypto.DhKeyShare;
import io.mtflux.core.crypto.HandshakeKdf;
import io.mtflux.core.crypto.LegacyRsa;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.PqFactors;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaPad;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.internal.HandshakeChecks;
import io.mtflux.core.internal.PqInnerDataTemp;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.mtproto.BasePQInnerData;
import io.mtflux.core.tl.mtproto.ClientDHInnerData;
import io.mtflux.core.tl.mtproto.DhGenOk;
import io.mtflux.core.tl.mtproto.DhGenRetry;
import io.mtflux.core.tl.mtproto.PQInnerData;
import io.mtflux.core.tl.mtproto.PQInnerDataDc;
import io.mtflux.core.tl.mtproto.PQInnerDataTempDc;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ReqPq;
import io.mtflux.core.tl.mtproto.ReqPqMulti;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHInnerData;
import io.mtflux.core.tl.mtproto.ServerDHParamsOk;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The server half of the auth-key exchange (docs/protocol.md 3.1, 3.7), the mirror of
 * {@link io.mtflux.core.handshake.ClientHandshake}, for the testkit's fake DC (not API, see the package):
 *
 * <pre>
 * onReqPq(req_pq | req_pq_multi)   -> resPQ                 (server_nonce, pq = p*q of two ~31-bit primes)
 * onReqDhParams(req_DH_params)     -> server_DH_params_ok   (RSA_PAD, else legacy RSA; any of the three inner
 *                                                            data forms; nonce, pq, p, q and dc checks; a, g_a)
 * onSetClientDhParams(...)         -> dh_gen_ok | dh_gen_retry (SHA1, nonces, retry_id, g_b range, key-id clash)
 * </pre>
 *
 * Failures throw {@link MtprotoSecurityException} (the transport answers -404, or -444 for
 * {@link SecurityFailure#HANDSHAKE_DC_MISMATCH}). One instance per exchange. Randomness order: server_nonce (16),
 * p and q (4 bytes each per draw); a (256 per attempt), envelope padding.
 */
public final class ServerHandshake {

    private enum State { NEW, AWAITING_REQ_DH_PARAMS, AWAITING_SET_CLIENT_DH_PARAMS, DONE, FAILED }

    private final ServerHandshakeSettings settings;
    private final RandomSource random;
    private final LongSupplier epochSeconds;

    private State state = State.NEW;
    private byte[] nonce;
    private byte[] serverNonce;
    private byte[] pq;
    private PqFactors factors;
    private byte[] newNonce;
    private int dc;
    private int expiresIn;
    private AesKeyIv tmpKeyIv;
    private DhKeyShare a;
    private long expectedRetryId;
    private HandshakeResult result;
    private TlObject lastRequest;
    private TlObject lastAnswer;

    /**
     * Creates an exchange.
     *
     * @param settings keys, group and policies
     * @param random the randomness
     * @param epochSeconds the server clock (server_time)
     */
    public ServerHandshake(ServerHandshakeSettings settings, RandomSource random, LongSupplier epochSeconds) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.epochSeconds = Objects.requireNonNull(epochSeconds, "epochSeconds");
    }

    /**
     * Step 2: answers req_pq or req_pq_multi.
     *
     * @param request a {@link ReqPq} or {@link ReqPqMulti}
     * @return resPQ listing the fingerprints of all server keys
     */
    public ResPQ onReqPq(TlObject request) {
        if (state != State.NEW) {
            return replay(request, ResPQ.class);
        }
        if (request instanceof ReqPqMulti multi) {
            nonce = multi.nonce().clone();
        } else if (request instanceof ReqPq plain) {
            nonce = plain.nonce().clone();
        } else {
            throw HandshakeChecks.unexpected(request, state.name());
        }
        serverNonce = random.bytes(16);
        factors = randomFactors();
        pq = PqFactors.minimal(factors.p() * factors.q());
        state = State.AWAITING_REQ_DH_PARAMS;
        List<Long> fingerprints = settings.keys().stream().map(k -> k.publicKey().fingerprint()).toList();
        return remember(request, new ResPQ(nonce, serverNonce, pq, fingerprints));
    }

    /**
     * Steps 5 and 6: decrypts and checks the client's inner data and answers with g_a. CPU-heavy (RSA decryption,
     * a 2048-bit modPow): see {@link #onReqDhParamsAsync}.
     *
     * @param request req_DH_params
     * @return server_DH_params_ok
     */
    public ServerDHParamsOk onReqDhParams(ReqDHParams request) {
        if (state != State.AWAITING_REQ_DH_PARAMS) {
            return replay(request, ServerDHParamsOk.class);
        }
        expect(State.AWAITING_REQ_DH_PARAMS, request);
        return guarded(() -> {
            HandshakeChecks.nonce(nonce, request.nonce());
            HandshakeChecks.serverNonce(serverNonce, request.serverNonce());
            if (!Arrays.equals(request.p(), factors.pBytes()) || !Arrays.equals(request.q(), factors.qBytes())) {
                throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_PQ_MISMATCH);
            }
            RsaPrivateKey key = settings.keys().stream()
                .filter(k -> k.publicKey().fingerprint() == request.publicKeyFingerprint())
                .findFirst()
                .orElseThrow(() -> new MtprotoSecurityException(SecurityFailure.HANDSHAKE_UNKNOWN_FINGERPRINT,
                    "client chose a key this server does not hold"));
            InnerFields inner = decryptInnerData(request.encryptedData(), key);
            checkInnerData(inner);
            tmpKeyIv = HandshakeKdf.tmpAesKeyIv(serverNonce, newNonce);
            a = DhKeyAgreement.generate(settings.group(), random);
            ServerDHInnerData answer = new ServerDHInnerData(nonce, serverNonce, settings.group().generator(),
                settings.group().primeBytes(), a.publicBytes(), (int) epochSeconds.getAsLong());
            state = State.AWAITING_SET_CLIENT_DH_PARAMS;
            return remember(request, new ServerDHParamsOk(nonce, serverNonce,
                DhEnvelope.seal(Tl.serialize(answer), tmpKeyIv, random)));
        });
    }

    /**
     * {@link #onReqDhParams} on {@code Schedulers.parallel()}.
     *
     * @param request req_DH_params
     * @return a cold {@code Mono} of server_DH_params_ok
     */
    public Mono<ServerDHParamsOk> onReqDhParamsAsync(ReqDHParams request) {
        return Mono.fromCallable(() -> onReqDhParams(request)).subscribeOn(Schedulers.parallel());
    }

    /**
     * Steps 7 to 9: decrypts client_DH_inner_data, checks it, computes the key. A key whose id is already taken
     * gets dh_gen_retry (the client then sends a new g_b); otherwise dh_gen_ok and {@link #result()} is set.
     * CPU-heavy (a 2048-bit modPow): see {@link #onSetClientDhParamsAsync}.
     *
     * @param request set_client_DH_params
     * @return dh_gen_ok or dh_gen_retry
     */
    public SetClientDHParamsAnswer onSetClientDhParams(SetClientDHParams request) {
        if (state != State.AWAITING_SET_CLIENT_DH_PARAMS) {
            return replay(request, SetClientDHParamsAnswer.class);
        }
        Objects.requireNonNull(request, "request");
        return guarded(() -> {
            HandshakeChecks.nonce(nonce, request.nonce());
            HandshakeChecks.serverNonce(serverNonce, request.serverNonce());
            byte[] data = DhEnvelope.open(request.encryptedData(), tmpKeyIv);
            ClientDHInnerData inner =
                HandshakeChecks.parseExactly(data, ClientDHInnerData::read, "client_DH_inner_data");
            HandshakeChecks.nonce(nonce, inner.nonce());
            HandshakeChecks.serverNonce(serverNonce, inner.serverNonce());
            if (inner.retryId() != expectedRetryId) {
                throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_BAD_INNER_DATA, "unexpected retry_id");
            }
            AuthKey key = DhKeyAgreement.sharedKey(a, BigInts.fromUnsigned(inner.gB()), settings.group().prime());
            if (settings.keyIdTaken().test(key)) {
                expectedRetryId = key.auxHash();
                return remember(request, new DhGenRetry(nonce, serverNonce, key.newNonceHash(newNonce, 2)));
            }
            result = new HandshakeResult(key, HandshakeKdf.firstServerSalt(newNonce, serverNonce), 0, dc, expiresIn);
            state = State.DONE;
            DhGenOk ok = new DhGenOk(nonce, serverNonce, key.newNonceHash(newNonce, 1));
            a = null;
            tmpKeyIv = null;
            return remember(request, ok);
        });
    }

    /**
     * {@link #onSetClientDhParams} on {@code Schedulers.parallel()}.
     *
     * @param request set_client_DH_params
     * @return a cold {@code Mono} of the answer
     */
    public Mono<SetClientDHParamsAnswer> onSetClientDhParamsAsync(SetClientDHParams request) {
        return Mono.fromCallable(() -> onSetClientDhParams(request)).subscribeOn(Schedulers.parallel());
    }

    /** @return the exchange's result once dh_gen_ok has been produced, else null */
    public HandshakeResult result() {
        return result;
    }

    /**
     * One RSA decryption, then RSA_PAD's check and, failing that, the legacy scheme's (docs/protocol.md 3.2: a server
     * accepting both tries RSA_PAD first).
     */
    private InnerFields decryptInnerData(byte[] encrypted, RsaPrivateKey key) {
        byte[] block = key.decrypt(encrypted);
        try {
            byte[] withPadding = RsaPad.unpad(block);
            // RSA_PAD: the object sits at the front of 192 bytes, random padding after it.
            return parseInnerData(withPadding, false);
        } catch (MtprotoSecurityException notRsaPad) {
            if (notRsaPad.reason() != SecurityFailure.RSA_PAD_HASH_MISMATCH) {
                throw notRsaPad;
            }
        }
        byte[] data;
        try {
            data = LegacyRsa.unpad(block);
        } catch (MtprotoSecurityException notLegacy) {
            throw new MtprotoSecurityException(SecurityFailure.RSA_PAD_HASH_MISMATCH,
                "encrypted_data is neither RSA_PAD nor legacy RSA");
        }
        return parseInnerData(data, true);
    }

    /**
     * Parses any of the four inner data forms. {@code p_q_inner_data_temp#3c6a84d4} (no dc) is not in the
     * schema the code generator reads, so it is read by hand; docs/protocol.md 3.1 asks a fake DC to accept it.
     */
    private static InnerFields parseInnerData(byte[] bytes, boolean exact) {
        try {
            TlReader r = new TlReader(bytes);
            InnerFields fields;
            if (r.readInt() == PqInnerDataTemp.ID) {
                PqInnerDataTemp t = PqInnerDataTemp.readBare(r);
                fields = new InnerFields(t.pq(), t.p(), t.q(), t.nonce(), t.serverNonce(), t.newNonce(), null, true,
                    t.expiresIn());
            } else {
                r = new TlReader(bytes);
                fields = InnerFields.of(PQInnerData.read(r));
            }
            if (exact) {
                r.expectEnd();
            }
            return fields;
        } catch (TlDecodeException | IllegalArgumentException e) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_BAD_INNER_DATA, "malformed p_q_inner_data");
        }
    }

    private void checkInnerData(InnerFields inner) {
        HandshakeChecks.nonce(nonce, inner.nonce());
        HandshakeChecks.serverNonce(serverNonce, inner.serverNonce());
        if (!Arrays.equals(pq, inner.pq()) || !Arrays.equals(inner.p(), factors.pBytes())
            || !Arrays.equals(inner.q(), factors.qBytes())) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_PQ_MISMATCH, "inner data pq/p/q differ");
        }
        if (inner.newNonce().length != 32) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_BAD_INNER_DATA, "new_nonce");
        }
        if (inner.temporary() && inner.expiresIn() <= 0) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_BAD_INNER_DATA, "expires_in <= 0");
        }
        if (inner.dc() != null && !settings.acceptsDc().test(inner.dc())) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_DC_MISMATCH, "dc " + inner.dc());
        }
        newNonce = inner.newNonce().clone();
        dc = inner.dc() == null ? 0 : inner.dc();
        expiresIn = inner.expiresIn();
    }

    /** The fields common to the four inner data constructors; dc is null for the forms without it. */
    private record InnerFields(byte[] pq, byte[] p, byte[] q, byte[] nonce, byte[] serverNonce, byte[] newNonce,
                               Integer dc, boolean temporary, int expiresIn) {

        static InnerFields of(PQInnerData inner) {
            if (inner instanceof PQInnerDataDc d) {
                return new InnerFields(d.pq(), d.p(), d.q(), d.nonce(), d.serverNonce(), d.newNonce(), d.dc(), false,
                    0);
            }
            if (inner instanceof PQInnerDataTempDc t) {
                return new InnerFields(t.pq(), t.p(), t.q(), t.nonce(), t.serverNonce(), t.newNonce(), t.dc(), true,
                    t.expiresIn());
            }
            BasePQInnerData b = (BasePQInnerData) inner;
            return new InnerFields(b.pq(), b.p(), b.q(), b.nonce(), b.serverNonce(), b.newNonce(), null, false, 0);
        }
    }

    /** Two distinct 31-bit primes p &lt; q, so that pq &lt; 2^62 (docs/protocol.md 3.7). */
    private PqFactors randomFactors() {
        while (true) {
            long p = prime31();
            long q = prime31();
            if (p != q) {
                return new PqFactors(Math.min(p, q), Math.max(p, q));
            }
        }
    }

    private long prime31() {
        byte[] b = random.bytes(4);
        long start = ((b[0] & 0x3fL) << 24 | (b[1] & 0xffL) << 16 | (b[2] & 0xffL) << 8 | (b[3] & 0xffL)) | 1L << 30;
        long p = BigInteger.valueOf(start).nextProbablePrime().longValue();
        // nextProbablePrime may step past 2^31 for a start just below it; that still keeps pq below 2^63.
        return p;
    }

    /**
     * A client whose answer got lost re-sends the identical request; the server replays its answer
     * (docs/protocol.md 3.1, "Retries and timeouts"); a failed exchange replays nothing. Anything else out of order
     * is an unexpected message.
     */
    private <T> T replay(TlObject request, Class<T> type) {
        if (state != State.FAILED && lastRequest != null && lastRequest.equals(request)
            && type.isInstance(lastAnswer)) {
            return type.cast(lastAnswer);
        }
        throw HandshakeChecks.unexpected(request, state.name());
    }

    private <T extends TlObject> T remember(TlObject request, T answer) {
        lastRequest = request;
        lastAnswer = answer;
        return answer;
    }

    private void expect(State expected, Object message) {
        if (state != expected) {
            throw HandshakeChecks.unexpected(message, state.name());
        }
        Objects.requireNonNull(message, "message");
    }

    private <T> T guarded(Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            state = State.FAILED;
            a = null;
            tmpKeyIv = null;
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ServerHandshake[" + state + "]";
    }
}
