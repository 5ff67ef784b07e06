package io.mtflux.core.tl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.tl.api.RichText;
import io.mtflux.core.tl.api.TextBold;
import io.mtflux.core.tl.api.TextEmpty;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.auth.AuthSentCode;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.mtproto.MsgsAck;
import io.mtflux.core.tl.mtproto.Pong;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile bytes end in a {@link TlDecodeException} naming the offset and the constructor, never in OOM or a hang. */
class TlBadInputTest {

    private static byte[] ints(int... values) {
        TlWriter w = new TlWriter();
        for (int v : values) {
            w.writeInt(v);
        }
        return w.toByteArray();
    }

    @Test
    void unknownConstructorId() {
        assertThatThrownBy(() -> Tl.deserialize(ints(0xdeadbeef, 0)))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("unknown constructor 0xdeadbeef for type Object at offset 0 (in constructor 0xdeadbeef)")
            .satisfies(e -> assertThat(((TlDecodeException) e).constructorId()).isEqualTo(0xdeadbeef));
        assertThatThrownBy(() -> Tl.deserialize(ints(0x12345678), AuthSentCode::read))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("unknown constructor 0x12345678 for type auth.SentCode at offset 0 "
                + "(in constructor 0x12345678)");
    }

    @Test
    void vectorCountLargerThanTheBytesLeft() {
        // msgs_ack with a vector claiming 2^30 longs but carrying one
        byte[] bytes = ints(MsgsAck.ID, TlWriter.VECTOR_ID, 1 << 30, 1, 2);
        assertThatThrownBy(() -> Tl.deserialize(bytes))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("vector count 1073741824 exceeds the 8 bytes left at offset 8 (in constructor 0x62d6b459)")
            .satisfies(e -> assertThat(((TlDecodeException) e).offset()).isEqualTo(8));
    }

    @Test
    void negativeVectorCount() {
        byte[] bytes = ints(MsgsAck.ID, TlWriter.VECTOR_ID, 0x80000000);
        assertThatThrownBy(() -> Tl.deserialize(bytes))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("vector count 2147483648 exceeds the 0 bytes left at offset 8 (in constructor 0x62d6b459)");
    }

    @Test
    void stringLengthPastTheEnd() {
        byte[] ok = Tl.serialize(new AuthSendCode("+15550001111", 1, "h", CodeSettings.builder().build()));
        byte[] truncated = Arrays.copyOf(ok, 10);
        assertThatThrownBy(() -> Tl.deserialize(truncated))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("bytes/string of length 12 runs past the end (6 bytes left) at offset 4 "
                + "(in constructor 0xa677244f)");
        byte[] longHeader = ints(AuthSendCode.ID, 0x00fffffe);
        assertThatThrownBy(() -> Tl.deserialize(longHeader))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("bytes/string of length 65535 runs past the end (4 bytes left) at offset 4 "
                + "(in constructor 0xa677244f)");
    }

    @Test
    void lengthMarker0xffIsInvalid() {
        byte[] bytes = ints(AuthSendCode.ID, 0xff);
        assertThatThrownBy(() -> Tl.deserialize(bytes))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("invalid bytes/string length marker 0xff at offset 4 (in constructor 0xa677244f)");
    }

    @Test
    void truncatedFixedWidthField() {
        byte[] bytes = Arrays.copyOf(Tl.serialize(new Pong(1, 2)), 14);
        assertThatThrownBy(() -> Tl.deserialize(bytes))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("unexpected end of input: need 8 bytes, 2 left at offset 12 (in constructor 0x347773c5)");
    }

    private static RichText nested(int depth) {
        RichText text = new TextEmpty();
        for (int i = 0; i < depth; i++) {
            text = new TextBold(text);
        }
        return text;
    }

    @Test
    void nestingDeeperThan64() {
        byte[] ok = Tl.serialize(nested(63)); // 64 objects in all
        assertThat(Tl.deserialize(ok, RichText::read)).isEqualTo(nested(63));
        byte[] tooDeep = Tl.serialize(nested(64));
        assertThatThrownBy(() -> Tl.deserialize(tooDeep, RichText::read))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("nesting deeper than 64 objects (next constructor 0xdc3d824f) at offset 256 "
                + "(in constructor 0x6724abc4)");
    }

    @Test
    void nestingLimitIsConfigurable() {
        byte[] bytes = Tl.serialize(nested(5));
        TlReader reader = new TlReader(bytes).withLimits(3, TlReader.DEFAULT_MAX_INFLATED);
        assertThatThrownBy(() -> RichText.read(reader))
            .isInstanceOf(TlDecodeException.class)
            .hasMessageStartingWith("nesting deeper than 3 objects");
    }

    @Test
    void trailingGarbageInAnExactRead() {
        byte[] pong = Tl.serialize(new Pong(1, 2));
        byte[] bytes = Arrays.copyOf(pong, pong.length + 4);
        assertThatThrownBy(() -> Tl.deserialize(bytes))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("trailing garbage: 4 bytes after the value at offset 20");
        // a non-exact read leaves the rest to the caller
        TlReader reader = new TlReader(bytes);
        assertThat(reader.readObject()).isEqualTo(new Pong(1, 2));
        assertThat(reader.remaining()).isEqualTo(4);
    }

    private static byte[] gzipPacked(byte[] inner) {
        TlWriter w = new TlWriter();
        w.writeInt(TlReader.GZIP_PACKED_ID);
        w.writeBytes(TlGzip.gzip(inner));
        return w.toByteArray();
    }

    @Test
    void gzipPackedIsUnpackedTransparently() {
        Pong pong = new Pong(7, 8);
        assertThat(Tl.deserialize(gzipPacked(Tl.serialize(pong)))).isEqualTo(pong);
        assertThat(Tl.deserialize(gzipPacked(Tl.serialize(pong)), Pong::read)).isEqualTo(pong);
        // zlib framing (as tdlib and mtcute send it) is accepted too
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(Tl.serialize(pong));
        deflater.finish();
        byte[] zlib = new byte[256];
        int n = deflater.deflate(zlib);
        deflater.end();
        TlWriter w = new TlWriter();
        w.writeInt(TlReader.GZIP_PACKED_ID);
        w.writeBytes(zlib, 0, n);
        assertThat(Tl.deserialize(w.toByteArray())).isEqualTo(pong);
    }

    @Test
    void gzipBombStopsAtTheLimit() {
        // msgs_ack with ~17 MiB of ids: compresses to a few KiB, inflates past the 16 MiB default
        int count = (17 << 20) / 8;
        TlWriter inner = new TlWriter(17 << 20);
        inner.writeInt(MsgsAck.ID);
        inner.writeVectorHeader(count);
        for (int i = 0; i < count; i++) {
            inner.writeLong(0);
        }
        byte[] bomb = gzipPacked(inner.toByteArray());
        assertThat(bomb.length).isLessThan(64 << 10);
        assertThatThrownBy(() -> Tl.deserialize(bomb))
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("gzip_packed payload inflates past the limit of 16777216 bytes at offset 4 "
                + "(in constructor 0x3072cfa1)");
        TlReader small = new TlReader(gzipPacked(Tl.serialize(new MsgsAck(List.of(1L, 2L, 3L)))))
            .withLimits(64, 16);
        assertThatThrownBy(small::readObject)
            .isInstanceOf(TlDecodeException.class)
            .hasMessageStartingWith("gzip_packed payload inflates past the limit of 16 bytes");
    }

    @Test
    void corruptGzip() {
        byte[] packed = TlGzip.gzip(Tl.serialize(new Pong(1, 2)));
        packed[packed.length - 8] ^= 1; // CRC32 of the trailer
        TlWriter w = new TlWriter();
        w.writeInt(TlReader.GZIP_PACKED_ID);
        w.writeBytes(packed);
        assertThatThrownBy(() -> Tl.deserialize(w.toByteArray()))
            .isInstanceOf(TlDecodeException.class)
            .hasMessageStartingWith("gzip_packed payload fails its CRC32/size check");
        TlWriter garbage = new TlWriter();
        garbage.writeInt(TlReader.GZIP_PACKED_ID);
        garbage.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        assertThatThrownBy(() -> Tl.deserialize(garbage.toByteArray()))
            .isInstanceOf(TlDecodeException.class)
            .hasMessageContaining("gzip_packed payload");
    }

    @Test
    void expectedBoolGotSomethingElse() {
        TlReader reader = new TlReader(ints(0x11111111));
        assertThatThrownBy(reader::readBool)
            .isInstanceOf(TlDecodeException.class)
            .hasMessage("expected Bool, got constructor 0x11111111 at offset 0");
    }

    @Test
    void writerRejectsWrongFixedSizesAndTooLongStrings() {
        TlWriter w = new TlWriter();
        assertThatThrownBy(() -> w.writeInt128(new byte[15]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("int128 needs exactly 16 bytes, got 15");
        assertThatThrownBy(() -> new io.mtflux.core.tl.mtproto.ReqPqMulti(new byte[3]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("nonce must be 16 bytes");
        assertThatThrownBy(() -> w.writeBytes(new byte[1 << 24]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("TL bytes/string longer than 2^24-1 bytes: 16777216");
    }

    @Test
    void fieldsSharingAFlagBitMustBeSetTogether() {
        assertThatThrownBy(() -> CodeSettings.builder().token("t").build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("token and appSandbox share flags.8 and must be set together");
    }
}
