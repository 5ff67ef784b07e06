package io.mtflux.core.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.crypto.AesKeyIv;
import io.mtflux.core.crypto.BigInts;
import io.mtflux.core.crypto.DhEnvelope;
import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.crypto.HandshakeKdf;
import io.mtflux.core.crypto.LegacyRsa;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.PqFactorizer;
import io.mtflux.core.crypto.PqFactors;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaPad;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.crypto.TelegramRsaKeys;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.mtproto.ClientDHInnerData;
import io.mtflux.core.tl.mtproto.DhGenFail;
import io.mtflux.core.tl.mtproto.DhGenOk;
import io.mtflux.core.tl.mtproto.PQInnerData;
import io.mtflux.core.tl.mtproto.PQInnerDataDc;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ReqPqMulti;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHInnerData;
import io.mtflux.core.tl.mtproto.ServerDHParamsFail;
import io.mtflux.core.tl.mtproto.ServerDHParamsOk;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every tampered field of the exchange ends in its typed error, the exchange dead, and no key. */
class TamperedHandshakeTest {

    private static final long NOW = 1_700_000_000L;

    private static void assertFailure(Runnable action, SecurityFailure reason) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(MtprotoSecurityException.class,
            e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** A client and a server advanced to the point where the client awaits server_DH_params. */
    private static final class Midway {
        final ClientHandshake client = InMemoryExchangeTest.client(InnerDataVariant.DC, RsaScheme.RSA_PAD);
        final ServerHandshake server = InMemoryExchangeTest.server();
        final ResPQ resPq;
        final ReqDHParams reqDh;
        final byte[] newNonce;
        final AesKeyIv tmp;

        Midway() {
            resPq = server.onReqPq(client.begin());
            reqDh = client.onResPq(resPq);
            PQInnerData inner = PQInnerData.read(new TlReader(RsaPad.decrypt(reqDh.encryptedData(), ServerKeys.KEY)));
            newNonce = ((PQInnerDataDc) inner).newNonce();
            tmp = HandshakeKdf.tmpAesKeyIv(resPq.serverNonce(), newNonce);
        }

        /** A hostile server_DH_params_ok with chosen group and g_a, correctly encrypted. */
        ServerDHParamsOk answer(BigInteger prime, int g, BigInteger gA) {
            ServerDHInnerData inner = new ServerDHInnerData(resPq.nonce(), resPq.serverNonce(), g,
                BigInts.toMinimalUnsigned(prime), BigInts.toMinimalUnsigned(gA), (int) NOW);
            return new ServerDHParamsOk(resPq.nonce(), resPq.serverNonce(),
                DhEnvelope.seal(Tl.serialize(inner), tmp, RandomSource.secure()));
        }

        void assertDead() {
            assertFailure(() -> client.onDhGenAnswer(new DhGenOk(resPq.nonce(), resPq.serverNonce(), new byte[16])),
                SecurityFailure.HANDSHAKE_UNEXPECTED_MESSAGE);
        }
    }

    private static byte[] flipped(byte[] b, int index) {
        byte[] c = b.clone();
        c[index] ^= 1;
        return c;
    }

    @Test
    void resPqWithWrongNonce() {
        ClientHandshake client = InMemoryExchangeTest.client(InnerDataVariant.DC, RsaScheme.RSA_PAD);
        ResPQ real = InMemoryExchangeTest.server().onReqPq(client.begin());
        ResPQ forged = new ResPQ(flipped(real.nonce(), 0), real.serverNonce(), real.pq(),
            real.serverPublicKeyFingerprints());
        assertFailure(() -> client.onResPq(forged), SecurityFailure.HANDSHAKE_NONCE_MISMATCH);
        assertFailure(() -> client.onResPq(real), SecurityFailure.HANDSHAKE_UNEXPECTED_MESSAGE);
    }

    @Test
    void resPqWithOnlyUnknownFingerprints() {
        ClientHandshake client = InMemoryExchangeTest.client(InnerDataVariant.DC, RsaScheme.RSA_PAD);
        ResPQ real = InMemoryExchangeTest.server().onReqPq(client.begin());
        ResPQ forged = new ResPQ(real.nonce(), real.serverNonce(), real.pq(),
            List.of(TelegramRsaKeys.PRODUCTION.fingerprint(), 0x9692106da14b9f02L));
        assertFailure(() -> client.onResPq(forged), SecurityFailure.HANDSHAKE_UNKNOWN_FINGERPRINT);
    }

    @Test
    void resPqWithPrimePq() {
        ClientHandshake client = InMemoryExchangeTest.client(InnerDataVariant.DC, RsaScheme.RSA_PAD);
        ResPQ real = InMemoryExchangeTest.server().onReqPq(client.begin());
        ResPQ forged = new ResPQ(real.nonce(), real.serverNonce(), BigInts.toMinimalUnsigned(
            BigInteger.valueOf(2305843009213693951L)), real.serverPublicKeyFingerprints());
        assertFailure(() -> client.onResPq(forged), SecurityFailure.PQ_NOT_FACTORABLE);
    }

    @Test
    void serverDhParamsWithWrongNonceOrServerNonce() {
        Midway m = new Midway();
        ServerDHParamsOk ok = m.server.onReqDhParams(m.reqDh);
        assertFailure(() -> m.client.onServerDhParams(new ServerDHParamsOk(m.resPq.nonce(),
            flipped(m.resPq.serverNonce(), 3), ok.encryptedAnswer())), SecurityFailure.HANDSHAKE_SERVER_NONCE_MISMATCH);
        m.assertDead();
        Midway m2 = new Midway();
        ServerDHParamsOk ok2 = m2.server.onReqDhParams(m2.reqDh);
        assertFailure(() -> m2.client.onServerDhParams(new ServerDHParamsOk(flipped(m2.resPq.nonce(), 15),
            m2.resPq.serverNonce(), ok2.encryptedAnswer())), SecurityFailure.HANDSHAKE_NONCE_MISMATCH);
    }

    @Test
    void answerWithBadSha1() {
        Midway m = new Midway();
        ServerDHParamsOk ok = m.server.onReqDhParams(m.reqDh);
        ServerDHParamsOk forged = new ServerDHParamsOk(ok.nonce(), ok.serverNonce(),
            flipped(ok.encryptedAnswer(), 40));
        assertFailure(() -> m.client.onServerDhParams(forged), SecurityFailure.ENVELOPE_HASH_MISMATCH);
        m.assertDead();
    }

    @Test
    void innerAnswerWithWrongNonces() {
        Midway m = new Midway();
        ServerDHInnerData inner = new ServerDHInnerData(m.resPq.nonce(), flipped(m.resPq.serverNonce(), 1), 3,
            DhGroup.TELEGRAM.primeBytes(), BigInts.toMinimalUnsigned(BigInteger.ONE.shiftLeft(2000)), (int) NOW);
        ServerDHParamsOk forged = new ServerDHParamsOk(m.resPq.nonce(), m.resPq.serverNonce(),
            DhEnvelope.seal(Tl.serialize(inner), m.tmp, RandomSource.secure()));
        assertFailure(() -> m.client.onServerDhParams(forged), SecurityFailure.HANDSHAKE_SERVER_NONCE_MISMATCH);
    }

    @Test
    void gaOutOfRange() {
        for (BigInteger gA : new BigInteger[] {BigInteger.ONE, BigInteger.TWO, BigInteger.ONE.shiftLeft(1983),
            DhGroup.TELEGRAM.prime().subtract(BigInteger.ONE)}) {
            Midway m = new Midway();
            assertFailure(() -> m.client.onServerDhParams(m.answer(DhGroup.TELEGRAM.prime(), 3, gA)),
                SecurityFailure.DH_VALUE_OUT_OF_RANGE);
            m.assertDead();
        }
    }

    @Test
    void nonSafePrime() {
        Midway m = new Midway();
        BigInteger prime = BigInteger.probablePrime(2048, new Random(5));
        assertFailure(() -> m.client.onServerDhParams(m.answer(prime, 3, BigInteger.ONE.shiftLeft(2000))),
            SecurityFailure.DH_PRIME_INVALID);
        m.assertDead();
    }

    @Test
    void invalidGenerator() {
        Midway m = new Midway();
        assertFailure(() -> m.client.onServerDhParams(m.answer(DhGroup.TELEGRAM.prime(), 2,
            BigInteger.ONE.shiftLeft(2000))), SecurityFailure.DH_GENERATOR_INVALID);
    }

    @Test
    void serverDhParamsFail() {
        Midway m = new Midway();
        assertFailure(() -> m.client.onServerDhParams(new ServerDHParamsFail(m.resPq.nonce(), m.resPq.serverNonce(),
            HandshakeKdf.dhParamsFailHash(m.newNonce))), SecurityFailure.HANDSHAKE_FAILED);
        Midway m2 = new Midway();
        assertFailure(() -> m2.client.onServerDhParams(new ServerDHParamsFail(m2.resPq.nonce(),
            m2.resPq.serverNonce(), new byte[16])), SecurityFailure.HANDSHAKE_NEW_NONCE_HASH_MISMATCH);
    }

    @Test
    void dhGenAnswersWithBadHashOrFail() {
        Midway m = new Midway();
        SetClientDHParams set = m.client.onServerDhParams(m.server.onReqDhParams(m.reqDh));
        DhGenOk real = (DhGenOk) m.server.onSetClientDhParams(set);
        assertFailure(() -> m.client.onDhGenAnswer(new DhGenOk(real.nonce(), real.serverNonce(),
            flipped(real.newNonceHash1(), 0))), SecurityFailure.HANDSHAKE_NEW_NONCE_HASH_MISMATCH);
        m.assertDead();

        Midway m2 = new Midway();
        SetClientDHParams set2 = m2.client.onServerDhParams(m2.server.onReqDhParams(m2.reqDh));
        DhGenOk real2 = (DhGenOk) m2.server.onSetClientDhParams(set2);
        // a dh_gen_fail with the hash3 of the right key: the client gives up
        byte[] hash3 = m2.server.result().authKey().newNonceHash(m2.newNonce, 3);
        assertFailure(() -> m2.client.onDhGenAnswer(new DhGenFail(real2.nonce(), real2.serverNonce(), hash3)),
            SecurityFailure.HANDSHAKE_FAILED);
        assertFailure(() -> m2.client.onDhGenAnswer(real2), SecurityFailure.HANDSHAKE_UNEXPECTED_MESSAGE);
    }

    @Test
    void serverRejectsWrongPqFactorsFingerprintAndCiphertext() {
        Midway m = new Midway();
        ReqDHParams r = m.reqDh;
        assertFailure(() -> m.server.onReqDhParams(new ReqDHParams(r.nonce(), r.serverNonce(), r.q(), r.p(),
            r.publicKeyFingerprint(), r.encryptedData())), SecurityFailure.HANDSHAKE_PQ_MISMATCH);
        Midway m2 = new Midway();
        ReqDHParams r2 = m2.reqDh;
        assertFailure(() -> m2.server.onReqDhParams(new ReqDHParams(r2.nonce(), r2.serverNonce(), r2.p(), r2.q(),
            TelegramRsaKeys.PRODUCTION.fingerprint(), r2.encryptedData())),
            SecurityFailure.HANDSHAKE_UNKNOWN_FINGERPRINT);
        Midway m3 = new Midway();
        ReqDHParams r3 = m3.reqDh;
        assertFailure(() -> m3.server.onReqDhParams(new ReqDHParams(r3.nonce(), r3.serverNonce(), r3.p(), r3.q(),
            r3.publicKeyFingerprint(), flipped(r3.encryptedData(), 200))), SecurityFailure.RSA_PAD_HASH_MISMATCH);
        Midway m4 = new Midway();
        ReqDHParams r4 = m4.reqDh;
        assertFailure(() -> m4.server.onReqDhParams(new ReqDHParams(r4.nonce(), flipped(r4.serverNonce(), 0),
            r4.p(), r4.q(), r4.publicKeyFingerprint(), r4.encryptedData())),
            SecurityFailure.HANDSHAKE_SERVER_NONCE_MISMATCH);
        assertThat(m4.server.result()).isNull();
    }

    @Test
    void serverRejectsInnerDataForAnotherDc() {
        ServerHandshake server = InMemoryExchangeTest.server();
        ClientHandshakeSettings wrongDc = new ClientHandshakeSettings(ServerKeys.RING, 3, InnerDataVariant.DC, 0,
            RsaScheme.RSA_PAD, 5);
        ClientHandshake client = new ClientHandshake(wrongDc, RandomSource.secure(), () -> NOW);
        ReqDHParams req = client.onResPq(server.onReqPq(client.begin()));
        assertFailure(() -> server.onReqDhParams(req), SecurityFailure.HANDSHAKE_DC_MISMATCH);
        assertThat(server.result()).isNull();
    }

    @Test
    void serverRejectsGbOutOfRangeWrongRetryIdAndBadEnvelope() {
        Midway m = new Midway();
        m.server.onReqDhParams(m.reqDh);
        byte[] nonce = m.resPq.nonce();
        byte[] serverNonce = m.resPq.serverNonce();
        SetClientDHParams smallGb = new SetClientDHParams(nonce, serverNonce, DhEnvelope.seal(Tl.serialize(
            new ClientDHInnerData(nonce, serverNonce, 0, new byte[] {2})), m.tmp, RandomSource.secure()));
        assertFailure(() -> m.server.onSetClientDhParams(smallGb), SecurityFailure.DH_VALUE_OUT_OF_RANGE);
        assertThat(m.server.result()).isNull();

        Midway m2 = new Midway();
        m2.server.onReqDhParams(m2.reqDh);
        SetClientDHParams badRetry = new SetClientDHParams(nonce(m2), serverNonce(m2), DhEnvelope.seal(Tl.serialize(
            new ClientDHInnerData(nonce(m2), serverNonce(m2), 42, BigInts.toMinimalUnsigned(
                BigInteger.ONE.shiftLeft(2000)))), m2.tmp, RandomSource.secure()));
        assertFailure(() -> m2.server.onSetClientDhParams(badRetry), SecurityFailure.HANDSHAKE_BAD_INNER_DATA);

        Midway m3 = new Midway();
        SetClientDHParams real = m3.client.onServerDhParams(m3.server.onReqDhParams(m3.reqDh));
        assertFailure(() -> m3.server.onSetClientDhParams(new SetClientDHParams(real.nonce(), real.serverNonce(),
            flipped(real.encryptedData(), 33))), SecurityFailure.ENVELOPE_HASH_MISMATCH);
        assertThat(m3.server.result()).isNull();
    }

    @Test
    void legacyInnerDataIsCheckedToo() {
        ServerHandshake server = InMemoryExchangeTest.server();
        ResPQ resPq = server.onReqPq(new ReqPqMulti(new byte[16]));
        ClientHandshake client = InMemoryExchangeTest.client(InnerDataVariant.DC, RsaScheme.LEGACY);
        // this client began with its own nonce, so feeding it the server's resPQ for nonce 0 fails first
        client.begin();
        assertFailure(() -> client.onResPq(resPq), SecurityFailure.HANDSHAKE_NONCE_MISMATCH);
        // a legacy block around inner data with another server_nonce is refused by the server
        PQInnerDataDc inner = new PQInnerDataDc(resPq.pq(), new byte[] {1}, new byte[] {2}, resPq.nonce(),
            new byte[16], new byte[32], 10002);
        byte[] encrypted = LegacyRsa.encrypt(Tl.serialize(inner), ServerKeys.KEY.publicKey(), RandomSource.secure());
        PqFactors f = PqFactorizer.factor(resPq.pq());
        assertFailure(() -> server.onReqDhParams(new ReqDHParams(resPq.nonce(), resPq.serverNonce(), f.pBytes(),
            f.qBytes(), ServerKeys.KEY.publicKey().fingerprint(), encrypted)),
            SecurityFailure.HANDSHAKE_SERVER_NONCE_MISMATCH);
    }

    private static byte[] nonce(Midway m) {
        return m.resPq.nonce();
    }

    private static byte[] serverNonce(Midway m) {
        return m.resPq.serverNonce();
    }
}
