package io.mtflux.transport.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.transport.OutboundFrame;
import io.mtflux.transport.QuickAck;
import io.mtflux.transport.TransportException;
import io.mtflux.transport.testing.Hex;
import io.mtflux.transport.testing.Vectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The framing entries of {@code vectors/transports_obfuscation.json}. */
class FramingVectorsTest {

    private static final JsonNode V = Vectors.load("transports_obfuscation.json");

    private static String encode(Framing framing, Side side, boolean tag, Object... packets) {
        EmbeddedChannel ch = new EmbeddedChannel(framing.newEncoder(side, tag));
        for (Object p : packets) {
            ch.writeOutbound(p);
        }
        StringBuilder sb = new StringBuilder();
        ByteBuf out;
        while ((out = ch.readOutbound()) != null) {
            sb.append(Hex.drain(out));
        }
        ch.finishAndReleaseAll();
        return sb.toString();
    }

    private static ByteBuf zeros(int n) {
        return Unpooled.buffer(n).writeZero(n);
    }

    private static ByteBuf counting(int n) {
        ByteBuf b = Unpooled.buffer(n);
        for (int i = 0; i < n; i++) {
            b.writeByte(i);
        }
        return b;
    }

    @Test
    void fullCrcOverAbcWithSeqOne() {
        JsonNode v = V.get("full").get(0);
        CRC32 crc = new CRC32();
        byte[] packet = Hex.bytes(v.get("packet").asText());
        crc.update(packet, 0, packet.length - 4);
        assertThat(crc.getValue()).isEqualTo(v.get("crc_value").asLong());
        // Encoding "abc" as the second packet (seqno 1) gives the published bytes.
        String wire = encode(Framing.FULL, Side.CLIENT, false, Unpooled.EMPTY_BUFFER,
            Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII));
        assertThat(wire).endsWith(v.get("packet").asText());
    }

    @Test
    void fullEmptyPacketAndSeqnoCrcs() {
        assertThat(encode(Framing.FULL, Side.CLIENT, false, Unpooled.EMPTY_BUFFER))
            .isEqualTo(V.get("full").get(1).get("packet").asText());
        JsonNode v = V.get("full").get(2);
        String wire = encode(Framing.FULL, Side.CLIENT, false, counting(128), counting(128));
        String first = wire.substring(0, (8 + 128 + 4) * 2);
        String second = wire.substring((8 + 128 + 4) * 2);
        assertThat(first).startsWith(v.get("header_seq0").asText()).endsWith(v.get("crc_seq0").asText());
        assertThat(second).startsWith(v.get("header_seq1").asText()).endsWith(v.get("crc_seq1").asText());
        CRC32 check = new CRC32();
        check.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(check.getValue()).isEqualTo(Long.decode(V.get("full").get(3).get("check").asText()));
    }

    @Test
    void fullDecoderAcceptsVectorsAndChecksSeqno() {
        EmbeddedChannel ch = new EmbeddedChannel(Framing.FULL.newDecoder(Side.SERVER, 1024));
        ch.writeInbound(Hex.buf(V.get("full").get(1).get("packet").asText()));
        ByteBuf empty = ch.readInbound();
        assertThat(empty.readableBytes()).isZero();
        empty.release();
        ch.writeInbound(Hex.buf(V.get("full").get(0).get("packet").asText()));
        ByteBuf abc = ch.readInbound();
        assertThat(abc.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        abc.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void abridgedPrefixes() {
        JsonNode v = V.get("abridged").get(0);
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, true, zeros(0)))
            .isEqualTo(v.get("first_packet_empty").asText());
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, true, zeros(128)))
            .startsWith(v.get("first_packet_128_bytes_prefix").asText());
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, true, zeros(1024))).startsWith(v.get("large_prefix").asText());
        JsonNode lengths = V.get("quick_ack_and_errors_derived").get("abridged_lengths");
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, false, zeros(508)))
            .startsWith(lengths.get("payload 508 bytes (len/4=127) -> prefix").asText()).hasSize((4 + 508) * 2);
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, false, zeros(504)))
            .startsWith(lengths.get("payload 504 bytes (len/4=126) -> prefix").asText()).hasSize((1 + 504) * 2);
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, false, OutboundFrame.withQuickAck(zeros(504))))
            .startsWith(lengths.get("quick-ack request, 504 bytes").asText());
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, false, OutboundFrame.withQuickAck(zeros(508))))
            .startsWith(lengths.get("quick-ack request, 508 bytes").asText());
    }

    @Test
    void abridgedRejectsUnalignedPayload() {
        EmbeddedChannel ch = new EmbeddedChannel(Framing.ABRIDGED.newEncoder(Side.CLIENT, false));
        assertThatThrownBy(() -> ch.writeOutbound(zeros(3))).hasMessageContaining("multiple of 4");
        ch.finishAndReleaseAll();
    }

    @Test
    void intermediatePrefixes() {
        JsonNode v = V.get("intermediate").get(0);
        assertThat(encode(Framing.INTERMEDIATE, Side.CLIENT, true, zeros(0)))
            .isEqualTo(v.get("first_packet_empty").asText());
        assertThat(encode(Framing.INTERMEDIATE, Side.CLIENT, true, zeros(128)))
            .startsWith(v.get("first_packet_128_bytes_prefix").asText());
    }

    @Test
    void transportErrorFramesMatchAndDecode() {
        JsonNode v = V.get("quick_ack_and_errors_derived").get("transport_error_frames");
        assertThat(encode(Framing.ABRIDGED, Side.SERVER, false, Unpooled.buffer().writeIntLE(-404)))
            .isEqualTo(v.get("abridged(-404)").asText());
        for (int code : new int[] {-404, -429, -444}) {
            String wire = encode(Framing.INTERMEDIATE, Side.SERVER, false, Unpooled.buffer().writeIntLE(code));
            assertThat(wire).isEqualTo(v.get("intermediate(" + code + ")").asText());
            EmbeddedChannel client = new EmbeddedChannel(Framing.INTERMEDIATE.newDecoder(Side.CLIENT, 1024));
            assertThatThrownBy(() -> client.writeInbound(Hex.buf(wire)))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.code()).isEqualTo(code));
            assertThat(client.isOpen()).isFalse();
            client.finishAndReleaseAll();
        }
        EmbeddedChannel client = new EmbeddedChannel(Framing.ABRIDGED.newDecoder(Side.CLIENT, 1024));
        assertThatThrownBy(() -> client.writeInbound(Hex.buf(v.get("abridged(-404)").asText())))
            .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.code()).isEqualTo(-404));
        client.finishAndReleaseAll();
    }

    @Test
    void quickAckTokens() {
        JsonNode v = V.get("quick_ack_and_errors_derived").get("quick_ack_from_grammers_vector");
        int token = (int) v.get("quick_ack_token_uint32").asLong();
        assertThat(Hex.of(java.util.Arrays.copyOf(Hex.bytes(v.get("msg_key_large").asText()), 4)))
            .isEqualTo(v.get("token_le_bytes").asText());
        assertThat(encode(Framing.INTERMEDIATE, Side.SERVER, false, new QuickAck(token)))
            .isEqualTo(v.get("intermediate_server_sends").asText());
        assertThat(encode(Framing.ABRIDGED, Side.SERVER, false, new QuickAck(token)))
            .isEqualTo(v.get("abridged_server_sends_bswapped").asText());
        for (Framing f : new Framing[] {Framing.INTERMEDIATE, Framing.ABRIDGED, Framing.PADDED_INTERMEDIATE}) {
            String wire = encode(f, Side.SERVER, false, new QuickAck(token));
            EmbeddedChannel client = new EmbeddedChannel(f.newDecoder(Side.CLIENT, 1024));
            client.writeInbound(Hex.buf(wire));
            Object inbound = client.readInbound();
            assertThat(inbound).isEqualTo(new QuickAck(token));
            assertThat(client.finishAndReleaseAll()).isFalse();
        }
    }
}
