package io.mtflux.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCipherTest {

    private static final JsonNode V = Vectors.load("mtproto2_kdf_encryption.json");

    @Test
    void kdfVectorsForBothDirections() {
        int checked = 0;
        for (JsonNode v : V.get("kdf")) {
            if (!v.has("auth_key")) {
                continue;
            }
            AuthKey key = AuthKey.of(Vectors.hex(v.get("auth_key")));
            byte[] msgKey = Vectors.hex(v.get("msg_key"));
            for (String field : new String[] {"client_to_server_x0", "server_to_client_x8"}) {
                if (!v.has(field)) {
                    continue;
                }
                MessageDirection dir = field.startsWith("client")
                    ? MessageDirection.CLIENT_TO_SERVER : MessageDirection.SERVER_TO_CLIENT;
                AesKeyIv got = MessageKdf.derive(key, msgKey, dir);
                assertThat(Vectors.toHex(got.key())).as(v.get("name") + " " + field)
                    .isEqualTo(v.get(field).get("aes_key").asText());
                assertThat(Vectors.toHex(got.iv())).isEqualTo(v.get(field).get("aes_iv").asText());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void grammersClientEncryptionByteForByte() {
        JsonNode v = V.get("message_encryption").get(0);
        AuthKey key = AuthKey.of(Vectors.hex(v.get("auth_key")));
        byte[] plaintext = Vectors.hex(v.get("plaintext"));
        byte[] padding = Vectors.hex(v.get("padding"));
        byte[] withPadding = new byte[plaintext.length + padding.length];
        System.arraycopy(plaintext, 0, withPadding, 0, plaintext.length);
        assertThat(Vectors.toHex(MessageKdf.msgKey(key, MessageDirection.CLIENT_TO_SERVER, withPadding)))
            .isEqualTo(v.get("msg_key").asText());
        AesKeyIv keyIv = MessageKdf.derive(key, Vectors.hex(v.get("msg_key")), MessageDirection.CLIENT_TO_SERVER);
        assertThat(Vectors.toHex(keyIv.key())).isEqualTo(v.get("aes_key").asText());
        assertThat(Vectors.toHex(keyIv.iv())).isEqualTo(v.get("aes_iv").asText());

        byte[] packet = new MessageCipher(key).encrypt(MessageDirection.CLIENT_TO_SERVER, plaintext, padding);
        assertThat(Vectors.toHex(packet)).isEqualTo(v.get("output_auth_key_id_msg_key_ciphertext").asText());
    }

    @Test
    void capturedServerMessageDecryptsAndParses() {
        JsonNode v = V.get("message_encryption").get(1);
        AuthKey key = AuthKey.of(Vectors.hex(v.get("auth_key")));
        byte[] packet = Vectors.hex(v.get("input_auth_key_id_msg_key_ciphertext"));
        JsonNode parsed = v.get("parsed");
        long session = LittleEndian.getLong(Vectors.hex(parsed.get("session_id")), 0);

        DecryptedMessage m = new MessageCipher(key).decrypt(MessageDirection.SERVER_TO_CLIENT, packet, session);

        assertThat(m.salt()).isEqualTo(LittleEndian.getLong(Vectors.hex(parsed.get("salt")), 0));
        assertThat(m.msgId()).isEqualTo(parsed.get("msg_id").asLong());
        assertThat(m.seqNo()).isEqualTo(parsed.get("seq_no").asInt());
        assertThat(m.paddingLength()).isEqualTo(parsed.get("padding_len").asInt());
        assertThat(Vectors.toHex(m.bodyBytes())).isEqualTo(parsed.get("body").asText());
        // the byte[] API leaves the caller's packet alone
        assertThat(Vectors.toHex(packet)).isEqualTo(v.get("input_auth_key_id_msg_key_ciphertext").asText());
    }

    @Test
    void authKeyHashesVector() {
        JsonNode v = V.get("auth_key_hashes").get(0);
        AuthKey key = AuthKey.of(Vectors.hex(v.get("auth_key")));
        byte[] newNonce = Vectors.hex(v.get("new_nonce"));
        assertThat(Vectors.toHex(key.idBytes())).isEqualTo(v.get("auth_key_id_bytes").asText());
        assertThat(key.id()).isEqualTo(v.get("auth_key_id_signed_le_int64").asLong());
        assertThat(Vectors.toHex(key.auxHashBytes())).isEqualTo(v.get("auth_key_aux_hash").asText());
        for (int n = 1; n <= 3; n++) {
            assertThat(Vectors.toHex(key.newNonceHash(newNonce, n))).isEqualTo(v.get("new_nonce_hash" + n).asText());
        }
        assertThat(key.toString()).doesNotContain(Vectors.toHex(key.bytes()).substring(0, 16));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 12, 100, 256, 1000, 65_536})
    void roundTripsBothDirectionsWithRandomPadding(int bodyLength) {
        SplittableRandom r = new SplittableRandom(bodyLength);
        AuthKey key = AuthKey.of(AesIgeTest.bytes(r, 256));
        MessageCipher cipher = new MessageCipher(key);
        byte[] plaintext = plaintext(r, 0x1122334455667788L, bodyLength);
        for (MessageDirection dir : MessageDirection.values()) {
            byte[] packet = cipher.encrypt(dir, plaintext);
            int padding = packet.length - 24 - plaintext.length;
            assertThat(padding).isBetween(12, 1024);
            assertThat((packet.length - 24) % 16).isZero();
            DecryptedMessage m = cipher.decrypt(dir, packet, 0x1122334455667788L);
            assertThat(m.bodyBytes()).isEqualTo(Arrays.copyOfRange(plaintext, 32, plaintext.length));
            assertThat(m.msgId()).isEqualTo(LittleEndian.getLong(plaintext, 16));
            assertThat(m.paddingLength()).isEqualTo(padding);
        }
    }

    @Test
    void encryptInPlaceOnByteBufMatchesArrayPathAndDecryptsInPlace() {
        SplittableRandom r = new SplittableRandom(5);
        AuthKey key = AuthKey.of(AesIgeTest.bytes(r, 256));
        byte[] plaintext = plaintext(r, 42, 200);
        byte[] paddingBytes = AesIgeTest.bytes(r, 1024);
        RandomSource fixed = b -> System.arraycopy(paddingBytes, 0, b, 0, b.length);
        MessageCipher cipher = new MessageCipher(key, fixed);
        ByteBuf buf = Unpooled.directBuffer(16).writeZero(24).writeBytes(plaintext);
        try {
            cipher.encryptInPlace(MessageDirection.SERVER_TO_CLIENT, buf);
            byte[] viaArray = cipher.encrypt(MessageDirection.SERVER_TO_CLIENT, plaintext);
            byte[] viaBuf = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), viaBuf);
            assertThat(viaBuf).isEqualTo(viaArray);
            DecryptedMessage m = cipher.decryptInPlace(MessageDirection.SERVER_TO_CLIENT, buf, 42);
            assertThat(m.bodyBytes()).isEqualTo(Arrays.copyOfRange(plaintext, 32, plaintext.length));
        } finally {
            buf.release();
        }
    }

    @Test
    void msgKeyMismatchIsRejectedAndWiped() {
        Fixture f = new Fixture();
        byte[] packet = f.packet();
        packet[10] ^= 1;
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        assertFailure(() -> f.cipher.decryptInPlace(MessageDirection.CLIENT_TO_SERVER, buf),
            SecurityFailure.MSG_KEY_MISMATCH);
        byte[] tail = Arrays.copyOfRange(packet, 24, packet.length);
        assertThat(tail).containsOnly(0);
    }

    @Test
    void flippedCiphertextBitIsAMsgKeyMismatch() {
        Fixture f = new Fixture();
        byte[] packet = f.packet();
        packet[packet.length - 1] ^= (byte) 0x80;
        assertFailure(() -> f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER, packet),
            SecurityFailure.MSG_KEY_MISMATCH);
    }

    @Test
    void wrongDirectionIsAMsgKeyMismatch() {
        Fixture f = new Fixture();
        assertFailure(() -> f.cipher.decrypt(MessageDirection.SERVER_TO_CLIENT, f.packet()),
            SecurityFailure.MSG_KEY_MISMATCH);
    }

    @Test
    void wrongAuthKeyIdIsRejected() {
        Fixture f = new Fixture();
        byte[] packet = f.packet();
        packet[0] ^= 1;
        assertFailure(() -> f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER, packet),
            SecurityFailure.AUTH_KEY_ID_MISMATCH);
        MessageCipher other = new MessageCipher(AuthKey.of(new byte[256]));
        assertFailure(() -> other.decrypt(MessageDirection.CLIENT_TO_SERVER, f.packet()),
            SecurityFailure.AUTH_KEY_ID_MISMATCH);
    }

    @Test
    void truncatedCiphertextIsRejected() {
        Fixture f = new Fixture();
        byte[] packet = f.packet();
        for (int cut : new int[] {1, 15, 16, packet.length - 24, packet.length - 20, packet.length}) {
            byte[] truncated = Arrays.copyOf(packet, packet.length - cut);
            SecurityFailure expected = (truncated.length - 24) % 16 == 0 && truncated.length - 24 >= 48
                ? SecurityFailure.MSG_KEY_MISMATCH : SecurityFailure.BAD_PACKET_LENGTH;
            assertFailure(() -> f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER, truncated), expected);
        }
    }

    @Test
    void trailingBytesAreRejectedUnlessTolerated() {
        Fixture f = new Fixture();
        byte[] packet = Arrays.copyOf(f.packet(), f.packet().length + 7);
        assertFailure(() -> f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER, packet),
            SecurityFailure.BAD_PACKET_LENGTH);
        DecryptedMessage m = f.cipher.toleratingTrailingBytes().decrypt(MessageDirection.CLIENT_TO_SERVER, packet);
        assertThat(m.bodyBytes()).hasSize(f.bodyLength);
    }

    @Test
    void paddingAbove1024IsRejected() {
        Fixture f = new Fixture();
        // 32-byte header + 16-byte body + 1040 bytes of padding: authentic msg_key, illegal padding
        byte[] plain = new byte[32 + 16 + 1040];
        LittleEndian.putInt(plain, 28, 16);
        byte[] packet = f.cipher.encryptUnchecked(MessageDirection.CLIENT_TO_SERVER, plain);
        assertFailure(() -> f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER, packet),
            SecurityFailure.BAD_PADDING_LENGTH);
    }

    @Test
    void paddingBelow12IsRejected() {
        Fixture f = new Fixture();
        byte[] plain = new byte[32 + 24 + 8];
        LittleEndian.putInt(plain, 28, 24);
        assertFailure(() -> f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER,
            f.cipher.encryptUnchecked(MessageDirection.CLIENT_TO_SERVER, plain)), SecurityFailure.BAD_PADDING_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(ints = {-4, 2, 1 << 30, Integer.MIN_VALUE, 48})
    void badMessageDataLengthIsRejected(int declared) {
        Fixture f = new Fixture();
        byte[] plain = new byte[64];
        LittleEndian.putInt(plain, 28, declared);
        assertFailure(() -> f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER,
            f.cipher.encryptUnchecked(MessageDirection.CLIENT_TO_SERVER, plain)), SecurityFailure.BAD_MESSAGE_LENGTH);
    }

    @Test
    void otherSessionIsRejected() {
        Fixture f = new Fixture();
        assertFailure(() -> f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER, f.packet(), 999),
            SecurityFailure.SESSION_ID_MISMATCH);
        assertThat(f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER, f.packet(), f.session).sessionId())
            .isEqualTo(f.session);
    }

    @Test
    void explicitPaddingIsValidated() {
        Fixture f = new Fixture();
        assertThatThrownBy(() -> f.cipher.encrypt(MessageDirection.CLIENT_TO_SERVER, new byte[40], new byte[8]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.cipher.encrypt(MessageDirection.CLIENT_TO_SERVER, new byte[4], new byte[1036]))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionsAndToStringCarryNoKeyMaterial() {
        Fixture f = new Fixture();
        byte[] packet = f.packet();
        packet[30] ^= 1;
        String keyHex = Vectors.toHex(f.key.bytes());
        try {
            f.cipher.decrypt(MessageDirection.CLIENT_TO_SERVER, packet);
        } catch (MtprotoSecurityException e) {
            assertThat(e.getMessage()).doesNotContain(keyHex.substring(0, 8));
        }
        assertThat(f.cipher.toString()).doesNotContain(keyHex.substring(0, 8));
        AesKeyIv keyIv = MessageKdf.derive(f.key, new byte[16], MessageDirection.CLIENT_TO_SERVER);
        assertThat(keyIv.toString()).doesNotContain(Vectors.toHex(keyIv.key()).substring(0, 8));
    }

    static void assertFailure(Runnable action, SecurityFailure reason) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(MtprotoSecurityException.class,
            e -> assertThat(e.reason()).isEqualTo(reason));
    }

    static byte[] plaintext(SplittableRandom r, long session, int bodyLength) {
        byte[] p = new byte[32 + bodyLength];
        r.nextBytes(p);
        LittleEndian.putLong(p, 8, session);
        LittleEndian.putInt(p, 28, bodyLength);
        return p;
    }

    private static final class Fixture {
        final SplittableRandom r = new SplittableRandom(99);
        final AuthKey key = AuthKey.of(AesIgeTest.bytes(r, 256));
        final MessageCipher cipher = new MessageCipher(key);
        final long session = 77;
        final int bodyLength = 40;
        final byte[] packet = cipher.encrypt(MessageDirection.CLIENT_TO_SERVER, plaintext(r, session, bodyLength));

        byte[] packet() {
            return packet.clone();
        }
    }
}
