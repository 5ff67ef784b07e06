package io.mtflux.core.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.api.auth.AuthBindTempAuthKey;
import org.junit.jupiter.api.Test;

class TempKeyBindingTest {

    private static void assertFailure(Runnable action, SecurityFailure reason) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(MtprotoSecurityException.class,
            e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void innerEncoding() {
        BindAuthKeyInner inner = new BindAuthKeyInner(1, 2, 3, 4, 5);
        assertThat(HandshakeVectors.toHex(inner.serialize())).isEqualTo("65f7a375" + "0100000000000000"
            + "0200000000000000" + "0300000000000000" + "0400000000000000" + "05000000");
        assertThat(BindAuthKeyInner.parse(inner.serialize())).isEqualTo(inner);
        assertFailure(() -> BindAuthKeyInner.parse(new byte[40]), SecurityFailure.HANDSHAKE_BAD_INNER_DATA);
        assertFailure(() -> BindAuthKeyInner.parse(new byte[3]), SecurityFailure.HANDSHAKE_BAD_INNER_DATA);
    }

    @Test
    void tempKeyFromExchangeIsBoundAndVerified() {
        InMemoryExchange.Results perm = InMemoryExchange.run(
            InMemoryExchangeTest.client(InnerDataVariant.DC, RsaScheme.RSA_PAD), InMemoryExchangeTest.server());
        InMemoryExchange.Results temp = InMemoryExchange.run(
            InMemoryExchangeTest.client(InnerDataVariant.TEMP_DC, RsaScheme.RSA_PAD), InMemoryExchangeTest.server());
        assertThat(temp.server().expiresIn()).isEqualTo(3600);
        AuthKey permKey = perm.client().authKey();
        AuthKey tempKey = temp.client().authKey();
        long session = 0x1234L;
        long msgId = 0x65c53d5112345678L;
        AuthBindTempAuthKey request = (AuthBindTempAuthKey) Tl.deserialize(Tl.serialize(
            TempKeyBinding.request(permKey, tempKey, session, 1_700_003_600, msgId, RandomSource.secure())));
        assertThat(request.permAuthKeyId()).isEqualTo(permKey.id());

        BindAuthKeyInner inner = TempKeyBinding.verify(request, perm.server().authKey(), temp.server().authKey(),
            session, msgId);
        assertThat(inner.tempAuthKeyId()).isEqualTo(tempKey.id());
        assertThat(inner.expiresAt()).isEqualTo(1_700_003_600);

        assertFailure(() -> TempKeyBinding.verify(request, permKey, tempKey, session, msgId + 4),
            SecurityFailure.HANDSHAKE_BAD_INNER_DATA);
        assertFailure(() -> TempKeyBinding.verify(request, permKey, tempKey, session + 1, msgId),
            SecurityFailure.HANDSHAKE_BAD_INNER_DATA);
        assertFailure(() -> TempKeyBinding.verify(request, permKey, permKey, session, msgId),
            SecurityFailure.HANDSHAKE_BAD_INNER_DATA);
        assertFailure(() -> TempKeyBinding.verify(request, tempKey, tempKey, session, msgId),
            SecurityFailure.AUTH_KEY_ID_MISMATCH);
        AuthBindTempAuthKey otherNonce = new AuthBindTempAuthKey(request.permAuthKeyId(), request.nonce() + 1,
            request.expiresAt(), request.encryptedMessage());
        assertFailure(() -> TempKeyBinding.verify(otherNonce, permKey, tempKey, session, msgId),
            SecurityFailure.HANDSHAKE_BAD_INNER_DATA);
        byte[] tampered = request.encryptedMessage().clone();
        tampered[40] ^= 1;
        assertFailure(() -> TempKeyBinding.verify(new AuthBindTempAuthKey(request.permAuthKeyId(), request.nonce(),
            request.expiresAt(), tampered), permKey, tempKey, session, msgId), SecurityFailure.MSG_KEY_MISMATCH);
    }
}
