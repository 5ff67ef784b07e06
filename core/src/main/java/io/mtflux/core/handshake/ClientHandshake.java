package io.mtflux.core.handshake;

import io.mtflux.core.crypto.AesKeyIv;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.BigInts;
import io.mtflux.core.crypto.DhChecks;
import io.mtflux.core.crypto.DhEnvelope;
import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.crypto.DhKeyAgreement;
import io.mtflux.core.crypto.DhKeyShare;
import io.mtflux.core.crypto.HandshakeKdf;
import io.mtflux.core.crypto.LegacyRsa;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.PqFactorizer;
import io.mtflux.core.crypto.PqFactors;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaPad;
import io.mtflux.core.crypto.RsaPublicKey;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.internal.HandshakeChecks;
import io.mtflux.core.internal.PqInnerDataTemp;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.mtproto.BasePQInnerData;
import io.mtflux.core.tl.mtproto.ClientDHInnerData;
import io.mtflux.core.tl.mtproto.DhGenFail;
import io.mtflux.core.tl.mtproto.DhGenOk;
import io.mtflux.core.tl.mtproto.DhGenRetry;
import io.mtflux.core.tl.mtproto.PQInnerDataDc;
import io.mtflux.core.tl.mtproto.PQInnerDataTempDc;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ReqPqMulti;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHInnerData;
import io.mtflux.core.tl.mtproto.ServerDHParams;
import io.mtflux.core.tl.mtproto.ServerDHParamsFail;
import io.mtflux.core.tl.mtproto.ServerDHParamsOk;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The client half of the auth-key exchange (docs/protocol.md 3.1) as a state machine over TL messages:
 *
 * <pre>
 * begin()                 -> req_pq_multi
 * onResPq(resPQ)          -> req_DH_params        (nonce check, known fingerprint, factor pq, inner data, RSA)
 * onServerDhParams(...)   -> set_client_DH_params (tmp key, decrypt, SHA1, nonces, DH checks, time offset, g_b)
 * onDhGenAnswer(...)      -> Done(result) | Retry(set_client_DH_params)
 * </pre>
 *
 * Any failed check throws {@link MtprotoSecurityException} and the exchange is dead: start a new one. One instance
 * per exchange, driven by one thread at a time (the {@code Async} variants hand the heavy steps to
 * {@code Schedulers.parallel()}). Randomness is drawn in this order, which injected-randomness vectors rely on:
 * nonce (16); new_nonce (32), RSA padding, temp_key (32 per RSA_PAD attempt); b (256 per attempt), envelope
 * padding.
 */
public final class ClientHandshake {

    private enum State { NEW, AWAITING_RES_PQ, AWAITING_DH_PARAMS, AWAITING_DH_GEN, DONE, FAILED }

    private final ClientHandshakeSettings settings;
    private final RandomSource random;
    private final LongSupplier epochSeconds;

    private State state = State.NEW;
    private byte[] nonce;
    private byte[] serverNonce;
    private byte[] newNonce;
    private AesKeyIv tmpKeyIv;
    private BigInteger dhPrime;
    private int generator;
    private BigInteger gA;
    private int timeOffset;
    private AuthKey pendingKey;
    private int retries;

    /**
     * Creates an exchange.
     *
     * @param settings what to send
     * @param random the randomness (secure in production; injected in tests)
     * @param epochSeconds the local clock, for the time offset
     */
    public ClientHandshake(ClientHandshakeSettings settings, RandomSource random, LongSupplier epochSeconds) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.epochSeconds = Objects.requireNonNull(epochSeconds, "epochSeconds");
    }

    /**
     * Creates an exchange with secure randomness and the system clock.
     *
     * @param settings what to send
     */
    public ClientHandshake(ClientHandshakeSettings settings) {
        this(settings, RandomSource.secure(), () -> System.currentTimeMillis() / 1000);
    }

    /**
     * Step 1: the first request.
     *
     * @return req_pq_multi with a fresh nonce
     */
    public ReqPqMulti begin() {
        expect(State.NEW, "begin");
        nonce = random.bytes(16);
        state = State.AWAITING_RES_PQ;
        return new ReqPqMulti(nonce.clone());
    }

    /**
     * Steps 2 to 5: checks resPQ, factors pq, builds and encrypts the inner data. CPU-heavy (RSA): see
     * {@link #onResPqAsync}.
     *
     * @param resPq the server's resPQ
     * @return req_DH_params
     */
    public ReqDHParams onResPq(ResPQ resPq) {
        expect(State.AWAITING_RES_PQ, resPq);
        return guarded(() -> {
            HandshakeChecks.nonce(nonce, resPq.nonce());
            long[] fingerprints = resPq.serverPublicKeyFingerprints().stream().mapToLong(Long::longValue).toArray();
            RsaPublicKey key = settings.keys().firstKnown(fingerprints).orElseThrow(() ->
                new MtprotoSecurityException(SecurityFailure.HANDSHAKE_UNKNOWN_FINGERPRINT,
                    "none of the server's " + fingerprints.length + " fingerprints is known"));
            PqFactors factors = PqFactorizer.factor(resPq.pq());
            serverNonce = resPq.serverNonce().clone();
            newNonce = random.bytes(32);
            byte[] p = factors.pBytes();
            byte[] q = factors.qBytes();
            byte[] data = switch (settings.variant()) {
                case PLAIN -> Tl.serialize(new BasePQInnerData(resPq.pq(), p, q, nonce, serverNonce, newNonce));
                case DC -> Tl.serialize(new PQInnerDataDc(resPq.pq(), p, q, nonce, serverNonce, newNonce,
                    settings.dc()));
                case TEMP -> new PqInnerDataTemp(resPq.pq(), p, q, nonce, serverNonce, newNonce,
                    settings.expiresIn()).serialize();
                case TEMP_DC -> Tl.serialize(new PQInnerDataTempDc(resPq.pq(), p, q, nonce, serverNonce, newNonce,
                    settings.dc(), settings.expiresIn()));
            };
            byte[] encrypted = settings.rsaScheme() == RsaScheme.RSA_PAD
                ? RsaPad.encrypt(data, key, random)
                : LegacyRsa.encrypt(data, key, random);
            tmpKeyIv = HandshakeKdf.tmpAesKeyIv(serverNonce, newNonce);
            state = State.AWAITING_DH_PARAMS;
            return new ReqDHParams(nonce, serverNonce, p, q, key.fingerprint(), encrypted);
        });
    }

    /**
     * {@link #onResPq} on {@code Schedulers.parallel()}.
     *
     * @param resPq the server's resPQ
     * @return a cold {@code Mono} of req_DH_params
     */
    public Mono<ReqDHParams> onResPqAsync(ResPQ resPq) {
        return Mono.fromCallable(() -> onResPq(resPq)).subscribeOn(Schedulers.parallel());
    }

    /**
     * Steps 6 and 7: decrypts and checks server_DH_params_ok, then answers with g_b. CPU-heavy (two 2048-bit
     * modPows, plus a primality test for an unknown dh_prime): see {@link #onServerDhParamsAsync}.
     *
     * @param params the server's answer to req_DH_params
     * @return set_client_DH_params
     */
    public SetClientDHParams onServerDhParams(ServerDHParams params) {
        expect(State.AWAITING_DH_PARAMS, params);
        return guarded(() -> {
            if (params instanceof ServerDHParamsFail fail) {
                HandshakeChecks.nonce(nonce, fail.nonce());
                HandshakeChecks.serverNonce(serverNonce, fail.serverNonce());
                if (!MessageDigest.isEqual(HandshakeKdf.dhParamsFailHash(newNonce), fail.newNonceHash())) {
                    throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_NEW_NONCE_HASH_MISMATCH);
                }
                throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_FAILED, "server_DH_params_fail");
            }
            ServerDHParamsOk ok = (ServerDHParamsOk) params;
            HandshakeChecks.nonce(nonce, ok.nonce());
            HandshakeChecks.serverNonce(serverNonce, ok.serverNonce());
            byte[] answer = DhEnvelope.open(ok.encryptedAnswer(), tmpKeyIv);
            ServerDHInnerData inner =
                HandshakeChecks.parseExactly(answer, ServerDHInnerData::read, "server_DH_inner_data");
            HandshakeChecks.nonce(nonce, inner.nonce());
            HandshakeChecks.serverNonce(serverNonce, inner.serverNonce());
            dhPrime = BigInts.fromUnsigned(inner.dhPrime());
            generator = inner.g();
            DhChecks.checkGroup(dhPrime, generator);
            gA = BigInts.fromUnsigned(inner.gA());
            DhChecks.checkPublicValue(gA, dhPrime);
            timeOffset = (int) (inner.serverTime() - epochSeconds.getAsLong());
            state = State.AWAITING_DH_GEN;
            return nextClientDhParams(0);
        });
    }

    /**
     * {@link #onServerDhParams} on {@code Schedulers.parallel()}.
     *
     * @param params the server's answer
     * @return a cold {@code Mono} of set_client_DH_params
     */
    public Mono<SetClientDHParams> onServerDhParamsAsync(ServerDHParams params) {
        return Mono.fromCallable(() -> onServerDhParams(params)).subscribeOn(Schedulers.parallel());
    }

    /**
     * Step 9: checks the new_nonce_hash of the answer. dh_gen_ok completes the exchange; dh_gen_retry yields a new
     * request (CPU-heavy: see {@link #onDhGenAnswerAsync}); dh_gen_fail throws
     * {@link SecurityFailure#HANDSHAKE_FAILED}.
     *
     * @param answer the server's answer to set_client_DH_params
     * @return the outcome
     */
    public DhGenOutcome onDhGenAnswer(SetClientDHParamsAnswer answer) {
        expect(State.AWAITING_DH_GEN, answer);
        return guarded(() -> {
            byte[] answerNonce;
            byte[] answerServerNonce;
            byte[] hash;
            int number;
            if (answer instanceof DhGenOk ok) {
                answerNonce = ok.nonce();
                answerServerNonce = ok.serverNonce();
                hash = ok.newNonceHash1();
                number = 1;
            } else if (answer instanceof DhGenRetry retry) {
                answerNonce = retry.nonce();
                answerServerNonce = retry.serverNonce();
                hash = retry.newNonceHash2();
                number = 2;
            } else {
                DhGenFail fail = (DhGenFail) answer;
                answerNonce = fail.nonce();
                answerServerNonce = fail.serverNonce();
                hash = fail.newNonceHash3();
                number = 3;
            }
            HandshakeChecks.nonce(nonce, answerNonce);
            HandshakeChecks.serverNonce(serverNonce, answerServerNonce);
            if (!MessageDigest.isEqual(pendingKey.newNonceHash(newNonce, number), hash)) {
                throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_NEW_NONCE_HASH_MISMATCH,
                    "new_nonce_hash" + number);
            }
            if (number == 3) {
                throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_FAILED, "dh_gen_fail");
            }
            if (number == 2) {
                if (++retries > settings.maxRetries()) {
                    throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_FAILED, "too many dh_gen_retry");
                }
                return new DhGenOutcome.Retry(nextClientDhParams(pendingKey.auxHash()));
            }
            state = State.DONE;
            int dc = settings.variant().carriesDc() ? settings.dc() : 0;
            int expiresIn = settings.variant().temporary() ? settings.expiresIn() : 0;
            HandshakeResult result = new HandshakeResult(pendingKey,
                HandshakeKdf.firstServerSalt(newNonce, serverNonce), timeOffset, dc, expiresIn);
            forgetSecrets();
            return new DhGenOutcome.Done(result);
        });
    }

    /**
     * {@link #onDhGenAnswer} on {@code Schedulers.parallel()}.
     *
     * @param answer the server's answer
     * @return a cold {@code Mono} of the outcome
     */
    public Mono<DhGenOutcome> onDhGenAnswerAsync(SetClientDHParamsAnswer answer) {
        return Mono.fromCallable(() -> onDhGenAnswer(answer)).subscribeOn(Schedulers.parallel());
    }

    private SetClientDHParams nextClientDhParams(long retryId) {
        DhKeyShare b = DhKeyAgreement.generate(new DhGroup(dhPrime, generator), random);
        pendingKey = DhKeyAgreement.sharedKey(b, gA, dhPrime);
        byte[] inner = Tl.serialize(new ClientDHInnerData(nonce, serverNonce, retryId, b.publicBytes()));
        return new SetClientDHParams(nonce, serverNonce, DhEnvelope.seal(inner, tmpKeyIv, random));
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
            forgetSecrets();
            throw e;
        }
    }

    private void forgetSecrets() {
        tmpKeyIv = null;
        if (state == State.FAILED) {
            pendingKey = null;
        }
    }

    @Override
    public String toString() {
        return "ClientHandshake[" + state + "]";
    }
}
