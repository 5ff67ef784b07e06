package io.mtflux.transport.mtproxy;

import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.mtflux.transport.obfuscation.TransportRandom;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake-TLS handshake of MTProxy {@code ee} secrets (docs/protocol.md 4.8). The client's hello looks like a
 * browser's TLS 1.3 ClientHello whose 32-byte random is {@code HMAC-SHA256(key, hello with random zeroed)}
 * with the unix time XORed into its last 4 bytes; the server proves it knows the key the same way over
 * {@code client_random ‖ its whole reply}. After that every byte travels in TLS application-data records.
 */
final class FakeTls {

    /** Offset of the 32-byte random in a hello record (5 record + 4 handshake header + 2 version bytes). */
    static final int RANDOM_OFFSET = 11;
    /** Length of the random. */
    static final int RANDOM_LENGTH = 32;
    /** Largest record payload written (the TLS plaintext limit). */
    static final int MAX_RECORD_PAYLOAD = 16384;
    /** Largest record payload accepted: a little slack over the TLS limit, as real servers allow. */
    static final int MAX_INBOUND_RECORD = 16384 + 2048;
    /** The change-cipher-spec record a client sends once before its first data record. */
    static final byte[] CHANGE_CIPHER_SPEC = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};

    /** Total length browsers pad their hello record to. */
    private static final int HELLO_RECORD_LENGTH = 517;

    private FakeTls() {
    }

    /**
     * Builds a ClientHello record for {@code domain}, with the HMAC random and {@code unixTime} in it.
     *
     * @param key the 16-byte secret key
     * @param domain the SNI domain of the secret
     * @param unixTime current time in seconds
     * @return the record bytes
     */
    static byte[] clientHello(byte[] key, String domain, int unixTime) {
        byte[] sni = domain.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        // server_name
        u16(ext, 0x0000);
        u16(ext, sni.length + 5);
        u16(ext, sni.length + 3);
        ext.write(0);
        u16(ext, sni.length);
        ext.writeBytes(sni);
        ext.writeBytes(hex("00170000" + "ff01000100" + "000a000a0008001d001700180019" + "000b00020100" + "00230000"
            + "0010000e000c02683208687474702f312e31" + "000500050100000000"
            + "000d0012001004030804040105030805050108060601" + "00120000"));
        // key_share: one x25519 share of random bytes (the proxy never completes a real key exchange)
        ext.writeBytes(hex("003300260024001d0020"));
        ext.writeBytes(random(32));
        ext.writeBytes(hex("002d00020101" + "002b0005040304" + "0303"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(hex("0303"));
        body.writeBytes(new byte[RANDOM_LENGTH]);
        body.write(0x20);
        body.writeBytes(random(32));
        body.writeBytes(hex("0020" + "130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035"));
        body.writeBytes(hex("0100"));
        byte[] extensions = ext.toByteArray();
        // padding extension (0x0015) brings the record to the browser-typical 517 bytes
        int unpadded = 5 + 4 + body.size() + 2 + extensions.length;
        int padLength = Math.max(0, HELLO_RECORD_LENGTH - unpadded - 4);
        u16(body, extensions.length + 4 + padLength);
        body.writeBytes(extensions);
        u16(body, 0x0015);
        u16(body, padLength);
        body.writeBytes(new byte[padLength]);
        byte[] hs = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(hex("160301"));
        u16(record, hs.length + 4);
        record.write(0x01);
        record.write(hs.length >>> 16);
        u16(record, hs.length & 0xffff);
        record.writeBytes(hs);
        byte[] hello = record.toByteArray();
        byte[] mac = hmac(key, hello);
        int t = unixTime;
        mac[28] ^= (byte) t;
        mac[29] ^= (byte) (t >>> 8);
        mac[30] ^= (byte) (t >>> 16);
        mac[31] ^= (byte) (t >>> 24);
        System.arraycopy(mac, 0, hello, RANDOM_OFFSET, RANDOM_LENGTH);
        return hello;
    }

    /**
     * Checks a ClientHello record (server side) and returns the unix time hidden in it.
     *
     * @param key the 16-byte secret key
     * @param hello the whole record
     * @return the client's unix time
     * @throws MalformedFrameException when the HMAC does not match
     */
    static int verifyClientHello(byte[] key, byte[] hello) {
        if (hello.length < RANDOM_OFFSET + RANDOM_LENGTH + 33 || hello[0] != 0x16) {
            throw new MalformedFrameException(Reason.BAD_TLS, "not a TLS ClientHello");
        }
        byte[] random = Arrays.copyOfRange(hello, RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_LENGTH);
        byte[] zeroed = hello.clone();
        Arrays.fill(zeroed, RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_LENGTH, (byte) 0);
        byte[] mac = hmac(key, zeroed);
        if (!MessageDigest.isEqual(Arrays.copyOf(mac, 28), Arrays.copyOf(random, 28))) {
            throw new MalformedFrameException(Reason.BAD_TLS, "ClientHello digest does not match the secret");
        }
        return (random[28] ^ mac[28]) & 0xff | ((random[29] ^ mac[29]) & 0xff) << 8
            | ((random[30] ^ mac[30]) & 0xff) << 16 | ((random[31] ^ mac[31]) & 0xff) << 24;
    }

    /**
     * The session id a ClientHello carries (echoed by the server).
     *
     * @param hello the whole record
     * @return the session id bytes
     */
    static byte[] sessionId(byte[] hello) {
        int at = RANDOM_OFFSET + RANDOM_LENGTH;
        int len = hello[at] & 0xff;
        if (len > 32 || at + 1 + len > hello.length) {
            throw new MalformedFrameException(Reason.BAD_TLS, "bad ClientHello session id");
        }
        return Arrays.copyOfRange(hello, at + 1, at + 1 + len);
    }

    /**
     * The 32-byte random of a hello record.
     *
     * @param hello the record
     * @return the random
     */
    static byte[] random(byte[] hello) {
        return Arrays.copyOfRange(hello, RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_LENGTH);
    }

    /**
     * Builds a server's reply: ServerHello, ChangeCipherSpec and one application-data record of random
     * bytes standing in for the certificate, with the HMAC server random.
     *
     * @param key the 16-byte secret key
     * @param clientRandom the client's 32-byte random
     * @param sessionId the client's session id
     * @param fakeCertificateLength length of the random application-data record
     * @return the reply bytes
     */
    static byte[] serverHello(byte[] key, byte[] clientRandom, byte[] sessionId, int fakeCertificateLength) {
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        hs.writeBytes(hex("0303"));
        hs.writeBytes(new byte[RANDOM_LENGTH]);
        hs.write(sessionId.length);
        hs.writeBytes(sessionId);
        hs.writeBytes(hex("130100002e00330024001d0020"));
        hs.writeBytes(random(32));
        hs.writeBytes(hex("002b00020304"));
        byte[] body = hs.toByteArray();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        reply.writeBytes(hex("160303"));
        u16(reply, body.length + 4);
        reply.write(0x02);
        reply.write(0);
        u16(reply, body.length);
        reply.writeBytes(body);
        reply.writeBytes(CHANGE_CIPHER_SPEC);
        reply.writeBytes(hex("170303"));
        u16(reply, fakeCertificateLength);
        reply.writeBytes(random(fakeCertificateLength));
        byte[] out = reply.toByteArray();
        byte[] mac = serverDigest(key, clientRandom, out);
        System.arraycopy(mac, 0, out, RANDOM_OFFSET, RANDOM_LENGTH);
        return out;
    }

    /**
     * Checks a server's whole reply (client side): its random must be
     * {@code HMAC-SHA256(key, client_random ‖ reply with the random zeroed)}.
     *
     * @param key the 16-byte secret key
     * @param clientRandom the random this client sent
     * @param reply the records up to and including the first application-data record
     * @return true when it verifies
     */
    static boolean verifyServerHello(byte[] key, byte[] clientRandom, byte[] reply) {
        if (reply.length < RANDOM_OFFSET + RANDOM_LENGTH) {
            return false;
        }
        byte[] expected = serverDigest(key, clientRandom, reply);
        return MessageDigest.isEqual(expected, random(reply));
    }

    private static byte[] serverDigest(byte[] key, byte[] clientRandom, byte[] reply) {
        byte[] zeroed = reply.clone();
        Arrays.fill(zeroed, RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_LENGTH, (byte) 0);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(clientRandom);
            mac.update(zeroed);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        TransportRandom.nextBytes(b);
        return b;
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
