package io.mtflux.core.handshake;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.MessageCipher;
import io.mtflux.core.crypto.MessageDirection;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.PqFactorizer;
import io.mtflux.core.crypto.PqFactors;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaPad;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ReqPqMulti;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random bytes where ciphertext is expected never escape as anything but {@link MtprotoSecurityException}: no
 * index errors, no TL decode errors, no arithmetic exceptions.
 */
class GarbageInputTest {

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void messageCipherRejectsRandomPackets() {
        SplittableRandom r = new SplittableRandom(21);
        AuthKey key = AuthKey.of(bytes(r, 256));
        MessageCipher cipher = new MessageCipher(key).toleratingTrailingBytes();
        for (int i = 0; i < 2000; i++) {
            byte[] packet = bytes(r, r.nextInt(200));
            if (packet.length >= 8 && r.nextBoolean()) {
                System.arraycopy(key.idBytes(), 0, packet, 0, 8);
            }
            assertThatThrownBy(() -> cipher.decrypt(MessageDirection.SERVER_TO_CLIENT, packet))
                .isInstanceOf(MtprotoSecurityException.class);
        }
    }

    @Test
    void serverRejectsRandomEncryptedData() {
        SplittableRandom r = new SplittableRandom(22);
        for (int i = 0; i < 30; i++) {
            ServerHandshake server = InMemoryExchangeTest.server();
            byte[] nonce = bytes(r, 16);
            ResPQ resPq = server.onReqPq(new ReqPqMulti(nonce));
            PqFactors f = PqFactorizer.factor(resPq.pq());
            byte[] garbage = i % 2 == 0 ? bytes(r, 1 + r.nextInt(256))
                // a valid RSA_PAD block around garbage: passes the hash, fails the TL parse
                : RsaPad.encrypt(bytes(r, 144), ServerKeys.KEY.publicKey(), RandomSource.secure());
            assertThatThrownBy(() -> server.onReqDhParams(new ReqDHParams(nonce, resPq.serverNonce(), f.pBytes(),
                f.qBytes(), ServerKeys.KEY.publicKey().fingerprint(), garbage)))
                .isInstanceOf(MtprotoSecurityException.class);
        }
    }

    @Test
    void serverRejectsRandomClientDhEnvelopes() {
        SplittableRandom r = new SplittableRandom(23);
        for (int i = 0; i < 30; i++) {
            ClientHandshake client = InMemoryExchangeTest.client(InnerDataVariant.DC, RsaScheme.RSA_PAD);
            ServerHandshake server = InMemoryExchangeTest.server();
            ResPQ resPq = server.onReqPq(client.begin());
            server.onReqDhParams(client.onResPq(resPq));
            byte[] garbage = bytes(r, r.nextInt(400));
            assertThatThrownBy(() -> server.onSetClientDhParams(new SetClientDHParams(resPq.nonce(),
                resPq.serverNonce(), garbage))).isInstanceOf(MtprotoSecurityException.class);
        }
    }
}
