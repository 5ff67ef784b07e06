package io.mtflux.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzz target for the receiver checks of MTProto 2.0 decryption. Random ciphertext stops at the msg_key check, so
 * the fuzzer supplies the <em>plaintext</em>, which is encrypted under the right key before decryption: that
 * drives the length, padding and parsing checks behind the msg_key. Any exception other than
 * {@link MtprotoSecurityException} is a finding, and so is an accepted message whose fields disagree with the
 * plaintext. In the normal test run it replays the inputs under
 * {@code src/test/resources/io/mtflux/core/crypto/MessageCipherFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it
 * fuzzes (same command as for the TL decoder in core/README.md, with {@code -Dtest=MessageCipherFuzzTest}).
 */
class MessageCipherFuzzTest {

    private static final AuthKey KEY = AuthKey.of(Vectors.hex(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
            + "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
            + "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
            + "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
            + "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
            + "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"));
    private static final MessageCipher CIPHER = new MessageCipher(KEY);

    @FuzzTest(maxDuration = "10m")
    void decryptAuthenticated(byte[] plaintext) {
        // IGE needs whole blocks: cut to a multiple of 16 (the sender always pads)
        byte[] padded = Arrays.copyOf(plaintext, plaintext.length - plaintext.length % 16);
        byte[] packet = CIPHER.encryptUnchecked(MessageDirection.CLIENT_TO_SERVER, padded);
        DecryptedMessage m;
        try {
            m = CIPHER.decrypt(MessageDirection.CLIENT_TO_SERVER, packet);
        } catch (MtprotoSecurityException rejected) {
            return;
        }
        int length = LittleEndian.getInt(padded, 28);
        assertThat(length % 4).isZero();
        assertThat(m.body().readableBytes()).isEqualTo(length);
        assertThat(m.paddingLength()).isBetween(12, 1024).isEqualTo(padded.length - 32 - length);
        assertThat(m.msgId()).isEqualTo(LittleEndian.getLong(padded, 16));
    }
}
