package io.mtflux.core.handshake;

import static io.mtflux.core.handshake.HandshakeVectors.body;
import static io.mtflux.core.handshake.HandshakeVectors.hex;
import static io.mtflux.core.handshake.HandshakeVectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.core.crypto.AesKeyIv;
import io.mtflux.core.crypto.DhEnvelope;
import io.mtflux.core.crypto.HandshakeKdf;
import io.mtflux.core.crypto.TelegramRsaKeys;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.mtproto.DhGenOk;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHParams;
import io.mtflux.core.tl.mtproto.ServerDHParamsOk;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HandshakeVectorTest {

    /**
     * Telethon v2 / grammers: every random byte injected, so the client reproduces every packet byte for byte,
     * RSA_PAD included, with p_q_inner_data (no dc) and the test-DC key.
     */
    @Test
    void telethonV2ClientByteForByte() {
        JsonNode v = HandshakeVectors.load("auth_key_exchange.telethon-v2.json");
        byte[] step2 = hex(v.get("step2_random"));
        byte[] step3 = hex(v.get("step3_random"));
        int dataLength = hex(v.get("p_q_inner_data")).length;
        ScriptedRandom random = new ScriptedRandom()
            .then(hex(v.get("step1_random_nonce")))
            .then(Arrays.copyOfRange(step2, 0, 32))                              // new_nonce
            .then(Arrays.copyOfRange(step2, 32, 32 + 192 - dataLength))          // RSA_PAD padding = pool[0:192-len]
            .then(Arrays.copyOfRange(step2, 32 + 192, 32 + 224))                 // temp_key = pool[192:224]
            .then(Arrays.copyOfRange(step3, 0, 256))                             // b
            .then(Arrays.copyOfRange(step3, 256, 256 + 12));                     // envelope padding (-324 % 16)
        long now = v.get("step3_now").asLong();
        ClientHandshakeSettings settings = new ClientHandshakeSettings(TelegramRsaKeys.current(), 0,
            InnerDataVariant.PLAIN, 0, RsaScheme.RSA_PAD, 5);
        ClientHandshake client = new ClientHandshake(settings, random, () -> now);

        assertThat(toHex(Tl.serialize(client.begin()))).isEqualTo(v.get("step1_request").asText());

        ResPQ resPq = Tl.deserialize(hex(v.get("step1_response_resPQ")), ResPQ::read);
        ReqDHParams reqDh = client.onResPq(resPq);
        assertThat(reqDh.publicKeyFingerprint()).isEqualTo(0xb25898df208d2603L);
        assertThat(toHex(reqDh.encryptedData())).isEqualTo(v.get("rsa_pad_encrypted_data").asText());
        assertThat(toHex(Tl.serialize(reqDh))).isEqualTo(v.get("step2_request_req_DH_params").asText());

        ServerDHParams dhParams = Tl.deserialize(hex(v.get("step2_response_server_DH_params_ok")),
            ServerDHParams::read);
        SetClientDHParams setDh = client.onServerDhParams(dhParams);
        assertThat(toHex(Tl.serialize(setDh))).isEqualTo(v.get("step3_request_set_client_DH_params").asText());

        SetClientDHParamsAnswer answer = Tl.deserialize(hex(v.get("step3_response_dh_gen_ok")),
            SetClientDHParamsAnswer::read);
        DhGenOutcome outcome = client.onDhGenAnswer(answer);
        assertThat(outcome).isInstanceOf(DhGenOutcome.Done.class);
        HandshakeResult result = ((DhGenOutcome.Done) outcome).result();
        assertThat(toHex(result.authKey().bytes())).isEqualTo(v.get("auth_key").asText());
        assertThat(toHex(result.authKey().idBytes())).isEqualTo(v.get("auth_key_id_bytes").asText());
        assertThat(toHex(result.authKey().auxHashBytes())).isEqualTo(v.get("auth_key_aux_hash").asText());
        assertThat(result.serverSalt()).isEqualTo(v.get("first_server_salt_signed_int64").asLong());
        assertThat(result.timeOffsetSeconds()).isZero();
        assertThat(random.exhausted()).isTrue();
        assertThat(result.toString()).doesNotContain(v.get("auth_key").asText().substring(0, 16));
    }

    /**
     * The server half's encodings against the same capture: its encrypted_answer is the envelope of the captured
     * answer under the tmp key (the server's secret a is not published, so g_a itself cannot be regenerated), and
     * its dh_gen_ok for the resulting key is byte for byte the captured one.
     */
    @Test
    void telethonV2ServerPacketsFromTheSameInputs() {
        JsonNode v = HandshakeVectors.load("auth_key_exchange.telethon-v2.json");
        byte[] nonce = hex(v.get("step1_random_nonce"));
        byte[] serverNonce = hex(v.get("server_nonce"));
        byte[] newNonce = hex(v.get("new_nonce"));
        AesKeyIv tmp = HandshakeKdf.tmpAesKeyIv(serverNonce, newNonce);
        assertThat(toHex(tmp.key())).isEqualTo(v.get("tmp_aes_key").asText());
        assertThat(toHex(tmp.iv())).isEqualTo(v.get("tmp_aes_iv").asText());
        byte[] answerWithHash = hex(v.get("answer_with_hash"));
        ServerDHParamsOk captured = (ServerDHParamsOk) Tl.deserialize(
            hex(v.get("step2_response_server_DH_params_ok")), ServerDHParams::read);
        byte[] answer = DhEnvelope.open(captured.encryptedAnswer(), tmp);
        int padding = answerWithHash.length - 20 - answer.length;
        byte[] padBytes = Arrays.copyOfRange(answerWithHash, answerWithHash.length - padding, answerWithHash.length);
        byte[] resealed = DhEnvelope.seal(answer, tmp, b -> System.arraycopy(padBytes, 0, b, 0, b.length));
        assertThat(Tl.serialize(new ServerDHParamsOk(nonce, serverNonce, resealed)))
            .isEqualTo(hex(v.get("step2_response_server_DH_params_ok")));

        io.mtflux.core.crypto.AuthKey key = io.mtflux.core.crypto.AuthKey.of(hex(v.get("auth_key")));
        DhGenOk ok = new DhGenOk(nonce, serverNonce, key.newNonceHash(newNonce, 1));
        assertThat(toHex(Tl.serialize(ok))).isEqualTo(v.get("step3_response_dh_gen_ok").asText());
        // resPQ, too, is the server's plain encoding of its nonce, pq and fingerprints
        ResPQ resPq = Tl.deserialize(hex(v.get("step1_response_resPQ")), ResPQ::read);
        assertThat(toHex(Tl.serialize(new ResPQ(nonce, serverNonce, hex(v.get("pq")),
            resPq.serverPublicKeyFingerprints())))).isEqualTo(v.get("step1_response_resPQ").asText());
    }

    /**
     * The official worked example (p_q_inner_data_dc, dc 2, production key). The page does not publish RSA_PAD's
     * temp_key, so encrypted_data cannot be regenerated: everything else in req_DH_params is compared, and the
     * page's encrypted_data is substituted so the later packets, the key and the salt can be checked.
     */
    @Test
    void coreSamplesClient() {
        JsonNode v = HandshakeVectors.load("auth_key_exchange.core-samples.json");
        JsonNode s4 = v.get("step4_p_q_inner_data_dc");
        JsonNode s6 = v.get("step6_server_DH_params_ok");
        JsonNode s7 = v.get("step7_set_client_DH_params");
        byte[] answerWithHash = hex(s6.get("answer_with_hash"));
        int answerPadding = answerWithHash.length - 20 - s6.get("server_DH_inner_data_len").asInt();
        ScriptedRandom random = new ScriptedRandom()
            .then(hex(v.get("step1_req_pq_multi").get("nonce")))
            .then(hex(s4.get("new_nonce")))
            .then(hex(s4.get("rsa_pad_random_padding_bytes")))
            .then(new byte[32])                                              // temp_key: not published
            .then(leftPad(hex(s7.get("b")), 256))
            .then(hex(s7.get("padding")));
        long serverTime = s6.get("server_time").asLong();
        ClientHandshake client = new ClientHandshake(ClientHandshakeSettings.permanent(2), random,
            () -> serverTime - 5);

        assertThat(Tl.serialize(client.begin())).isEqualTo(body(v.get("step1_req_pq_multi").get("packet")));
        ReqDHParams req = client.onResPq(Tl.deserialize(body(v.get("step2_resPQ").get("packet")), ResPQ::read));
        byte[] expected = body(v.get("step5_req_DH_params").get("packet"));
        byte[] ours = Tl.serialize(req);
        assertThat(ours).hasSameSizeAs(expected);
        assertThat(Arrays.copyOf(ours, ours.length - 256)).isEqualTo(Arrays.copyOf(expected, expected.length - 256));
        assertThat(req.publicKeyFingerprint()).isEqualTo(0xd09d1d85de64fd85L);
        assertThat(toHex(Arrays.copyOfRange(expected, expected.length - 256, expected.length)))
            .isEqualToIgnoringCase(s4.get("encrypted_data").asText());

        ServerDHParams dh = Tl.deserialize(body(s6.get("packet")), ServerDHParams::read);
        SetClientDHParams set = client.onServerDhParams(dh);
        assertThat(answerPadding).isEqualTo(8);
        assertThat(toHex(set.encryptedData())).isEqualToIgnoringCase(s7.get("encrypted_data").asText());
        byte[] setPacket = Tl.serialize(set);
        assertThat(toHex(Arrays.copyOf(setPacket, hex(s7.get("packet_prefix")).length - 20)))
            .isEqualToIgnoringCase(s7.get("packet_prefix").asText().substring(40));

        DhGenOutcome outcome = client.onDhGenAnswer(Tl.deserialize(body(v.get("step9_dh_gen_ok").get("packet")),
            SetClientDHParamsAnswer::read));
        HandshakeResult result = ((DhGenOutcome.Done) outcome).result();
        JsonNode s8 = v.get("step8_auth_key");
        assertThat(toHex(result.authKey().bytes())).isEqualToIgnoringCase(s8.get("auth_key").asText());
        assertThat(result.authKey().id()).isEqualTo(s8.get("auth_key_id_signed_int64").asLong());
        assertThat(result.serverSalt()).isEqualTo(v.get("after").get("first_server_salt_signed_int64").asLong());
        assertThat(result.timeOffsetSeconds()).isEqualTo(5);
        assertThat(result.dc()).isEqualTo(2);
        assertThat(random.exhausted()).isTrue();
    }

    private static byte[] leftPad(byte[] b, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, 0, out, length - b.length, b.length);
        return out;
    }
}
