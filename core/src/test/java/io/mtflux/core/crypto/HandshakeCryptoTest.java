package io.mtflux.core.crypto;

import static io.mtflux.core.crypto.MessageCipherTest.assertFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HandshakeCryptoTest {

    @Test
    void tmpAesKeyIvVectors() {
        int checked = 0;
        for (JsonNode v : Vectors.load("mtproto2_kdf_encryption.json").get("kdf")) {
            if (!v.has("tmp_aes_key")) {
                continue;
            }
            AesKeyIv keyIv = HandshakeKdf.tmpAesKeyIv(Vectors.hex(v.get("server_nonce")),
                Vectors.hex(v.get("new_nonce")));
            assertThat(Vectors.toHex(keyIv.key())).as(v.get("name").asText())
                .isEqualTo(v.get("tmp_aes_key").asText());
            assertThat(Vectors.toHex(keyIv.iv())).isEqualTo(v.get("tmp_aes_iv").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    @Test
    void saltAndFailHash() {
        byte[] newNonce = new byte[32];
        byte[] serverNonce = new byte[16];
        for (int i = 0; i < 32; i++) {
            newNonce[i] = (byte) i;
        }
        Arrays.fill(serverNonce, (byte) 0xff);
        // new_nonce[0..8] = 00..07 XOR ff..ff, written back in wire (little-endian) order
        byte[] wire = new byte[8];
        LittleEndian.putLong(wire, 0, HandshakeKdf.firstServerSalt(newNonce, serverNonce));
        assertThat(Vectors.toHex(wire)).isEqualTo("fffefdfcfbfaf9f8");
        assertThat(HandshakeKdf.dhParamsFailHash(newNonce))
            .isEqualTo(Arrays.copyOfRange(Sha.sha1(newNonce), 4, 20));
    }

    @Test
    void envelopeRoundTripsForEveryPaddingLength() {
        SplittableRandom r = new SplittableRandom(8);
        AesKeyIv keyIv = HandshakeKdf.tmpAesKeyIv(AesIgeTest.bytes(r, 16), AesIgeTest.bytes(r, 32));
        for (int length = 0; length <= 64; length += 4) {
            byte[] data = AesIgeTest.bytes(r, length);
            byte[] sealed = DhEnvelope.seal(data, keyIv, RandomSource.secure());
            assertThat(sealed.length % 16).isZero();
            assertThat(sealed.length - 20 - length).isBetween(0, 15);
            assertThat(DhEnvelope.open(sealed, keyIv)).isEqualTo(data);
        }
    }

    @Test
    void envelopeTamperingAndBadLengths() {
        SplittableRandom r = new SplittableRandom(9);
        AesKeyIv keyIv = HandshakeKdf.tmpAesKeyIv(AesIgeTest.bytes(r, 16), AesIgeTest.bytes(r, 32));
        byte[] sealed = DhEnvelope.seal(AesIgeTest.bytes(r, 564), keyIv, RandomSource.secure());
        byte[] tampered = sealed.clone();
        tampered[100] ^= 1;
        assertFailure(() -> DhEnvelope.open(tampered, keyIv), SecurityFailure.ENVELOPE_HASH_MISMATCH);
        assertFailure(() -> DhEnvelope.open(Arrays.copyOf(sealed, sealed.length - 1), keyIv),
            SecurityFailure.BAD_PACKET_LENGTH);
        assertFailure(() -> DhEnvelope.open(Arrays.copyOf(sealed, sealed.length - 16), keyIv),
            SecurityFailure.ENVELOPE_HASH_MISMATCH);
        // 16 or more bytes of padding ("too much pad" in tdlib) is not accepted
        byte[] data = AesIgeTest.bytes(r, 12);
        byte[] plain = new byte[20 + 12 + 16];
        System.arraycopy(Sha.sha1(data), 0, plain, 0, 20);
        System.arraycopy(data, 0, plain, 20, 12);
        byte[] overPadded = AesIge.encrypt(keyIv.key(), keyIv.iv(), plain);
        assertFailure(() -> DhEnvelope.open(overPadded, keyIv), SecurityFailure.ENVELOPE_HASH_MISMATCH);
        AesKeyIv otherKey = HandshakeKdf.tmpAesKeyIv(AesIgeTest.bytes(r, 16), AesIgeTest.bytes(r, 32));
        assertFailure(() -> DhEnvelope.open(sealed, otherKey), SecurityFailure.ENVELOPE_HASH_MISMATCH);
    }

    @Test
    void bindAuthKeyInnerRoundTripAndChecks() {
        SplittableRandom r = new SplittableRandom(10);
        AuthKey perm = AuthKey.of(AesIgeTest.bytes(r, 256));
        byte[] inner = AesIgeTest.bytes(r, 40);
        long msgId = 0x65c53d5112345678L;
        byte[] encrypted = BindAuthKeyCipher.encrypt(perm, msgId, inner, RandomSource.secure());
        assertThat(encrypted.length).isEqualTo(24 + 80);
        assertThat(Arrays.copyOf(encrypted, 8)).isEqualTo(perm.idBytes());
        BindAuthKeyCipher.Content content = BindAuthKeyCipher.decrypt(perm, encrypted);
        assertThat(content.msgId()).isEqualTo(msgId);
        assertThat(content.seqNo()).isZero();
        assertThat(content.innerData()).isEqualTo(inner);

        byte[] tampered = encrypted.clone();
        tampered[50] ^= 1;
        assertFailure(() -> BindAuthKeyCipher.decrypt(perm, tampered), SecurityFailure.MSG_KEY_MISMATCH);
        AuthKey other = AuthKey.of(AesIgeTest.bytes(r, 256));
        assertFailure(() -> BindAuthKeyCipher.decrypt(other, encrypted), SecurityFailure.AUTH_KEY_ID_MISMATCH);
        assertFailure(() -> BindAuthKeyCipher.decrypt(perm, Arrays.copyOf(encrypted, 70)),
            SecurityFailure.BAD_PACKET_LENGTH);
    }

    @Test
    void bindAuthKeyKdfMatchesTheV1Formula() {
        // MTProto 1.0 KDF with x = 0, checked against a direct transcription of the formula
        SplittableRandom r = new SplittableRandom(11);
        byte[] ak = AesIgeTest.bytes(r, 256);
        byte[] msgKey = AesIgeTest.bytes(r, 16);
        byte[] a = Sha.sha1(msgKey, Arrays.copyOfRange(ak, 0, 32));
        byte[] b = Sha.sha1(Arrays.copyOfRange(ak, 32, 48), msgKey, Arrays.copyOfRange(ak, 48, 64));
        byte[] c = Sha.sha1(Arrays.copyOfRange(ak, 64, 96), msgKey);
        byte[] d = Sha.sha1(msgKey, Arrays.copyOfRange(ak, 96, 128));
        AesKeyIv keyIv = BindAuthKeyCipher.derive(ak, msgKey);
        assertThat(Vectors.toHex(keyIv.key())).isEqualTo(Vectors.toHex(Arrays.copyOfRange(a, 0, 8))
            + Vectors.toHex(Arrays.copyOfRange(b, 8, 20)) + Vectors.toHex(Arrays.copyOfRange(c, 4, 16)));
        assertThat(Vectors.toHex(keyIv.iv())).isEqualTo(Vectors.toHex(Arrays.copyOfRange(a, 8, 20))
            + Vectors.toHex(Arrays.copyOfRange(b, 0, 8)) + Vectors.toHex(Arrays.copyOfRange(c, 16, 20))
            + Vectors.toHex(Arrays.copyOfRange(d, 0, 8)));
    }
}
