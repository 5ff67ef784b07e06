package io.mtflux.core.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mtflux.core.crypto.AesKeyIv;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.BigInts;
import io.mtflux.core.crypto.DhEnvelope;
import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.crypto.DhKeyAgreement;
import io.mtflux.core.crypto.DhKeyShare;
import io.mtflux.core.crypto.HandshakeKdf;
import io.mtflux.core.crypto.PqFactorizer;
import io.mtflux.core.crypto.PqFactors;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaPad;
import io.mtflux.core.internal.PqInnerDataTemp;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.mtproto.ClientDHInnerData;
import io.mtflux.core.tl.mtproto.DhGenOk;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ReqPqMulti;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHInnerData;
import io.mtflux.core.tl.mtproto.ServerDHParamsOk;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The fourth inner data form, {@code p_q_inner_data_temp#3c6a84d4} (temporary key, no dc), which the generated
 * schema lacks: the server accepts it, driven here by a hand-written client built from the crypto primitives, and
 * {@link ClientHandshake} sends it for {@link InnerDataVariant#TEMP}.
 */
class LegacyTempInnerDataTest {

    @Test
    void serverAcceptsPqInnerDataTemp() {
        ServerHandshake server = InMemoryExchangeTest.server();
        RandomSource random = RandomSource.secure();
        byte[] nonce = random.bytes(16);
        ResPQ resPq = server.onReqPq(new ReqPqMulti(nonce));
        PqFactors f = PqFactorizer.factor(resPq.pq());
        byte[] newNonce = random.bytes(32);
        TlWriter w = new TlWriter();
        w.writeInt(PqInnerDataTemp.ID);
        w.writeBytes(resPq.pq());
        w.writeBytes(f.pBytes());
        w.writeBytes(f.qBytes());
        w.writeInt128(nonce);
        w.writeInt128(resPq.serverNonce());
        w.writeInt256(newNonce);
        w.writeInt(86400);
        byte[] encrypted = RsaPad.encrypt(w.toByteArray(), ServerKeys.KEY.publicKey(), random);

        ServerDHParamsOk ok = server.onReqDhParams(new ReqDHParams(nonce, resPq.serverNonce(), f.pBytes(),
            f.qBytes(), ServerKeys.KEY.publicKey().fingerprint(), encrypted));

        AesKeyIv tmp = HandshakeKdf.tmpAesKeyIv(resPq.serverNonce(), newNonce);
        ServerDHInnerData answer = Tl.deserialize(DhEnvelope.open(ok.encryptedAnswer(), tmp), ServerDHInnerData::read);
        assertThat(answer.g()).isEqualTo(3);
        assertThat(answer.dhPrime()).isEqualTo(DhGroup.TELEGRAM.primeBytes());
        DhKeyShare b = DhKeyAgreement.generate(DhGroup.TELEGRAM, random);
        AuthKey key = DhKeyAgreement.sharedKey(b, BigInts.fromUnsigned(answer.gA()), DhGroup.TELEGRAM.prime());
        byte[] inner = Tl.serialize(new ClientDHInnerData(nonce, resPq.serverNonce(), 0, b.publicBytes()));
        DhGenOk gen = (DhGenOk) server.onSetClientDhParams(new SetClientDHParams(nonce, resPq.serverNonce(),
            DhEnvelope.seal(inner, tmp, random)));

        assertThat(gen.newNonceHash1()).isEqualTo(key.newNonceHash(newNonce, 1));
        assertThat(server.result().authKey()).isEqualTo(key);
        assertThat(server.result().temporary()).isTrue();
        assertThat(server.result().expiresIn()).isEqualTo(86400);
        assertThat(server.result().dc()).isZero();
    }

    @Test
    void clientSendsPqInnerDataTempWithItsExpiresIn() {
        ClientHandshake client = new ClientHandshake(new ClientHandshakeSettings(ServerKeys.RING, 2,
            InnerDataVariant.TEMP, 600, RsaScheme.RSA_PAD, 5));
        ServerHandshake server = InMemoryExchangeTest.server();
        ReqDHParams request = client.onResPq(server.onReqPq(client.begin()));

        TlReader inner = new TlReader(RsaPad.decrypt(request.encryptedData(), ServerKeys.KEY));
        assertThat(inner.readInt()).isEqualTo(0x3c6a84d4);
        PqInnerDataTemp data = PqInnerDataTemp.readBare(inner);
        assertThat(data.expiresIn()).isEqualTo(600);
        assertThat(data.nonce()).isEqualTo(request.nonce());
        assertThat(data.toString()).doesNotContain(HexFormat.of().formatHex(data.newNonce()));
    }

    @Test
    void aTemporaryVariantNeedsExpiresIn() {
        assertThatIllegalArgumentException().isThrownBy(() ->
            new ClientHandshakeSettings(ServerKeys.RING, 2, InnerDataVariant.TEMP, 0, RsaScheme.RSA_PAD, 5));
        assertThat(ClientHandshakeSettings.temporary(2, 60).withVariant(InnerDataVariant.TEMP).expiresIn())
            .isEqualTo(60);
        assertThat(ClientHandshakeSettings.permanent(2).withExpiresIn(90).withVariant(InnerDataVariant.TEMP_DC)
            .expiresIn()).isEqualTo(90);
    }
}
