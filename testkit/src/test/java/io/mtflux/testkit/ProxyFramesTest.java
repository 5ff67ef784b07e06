package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** How {@link ProxyFrames} follows frames across chunks and where it puts a cut. */
class ProxyFramesTest {

    /** An intermediate frame: a 4-byte little-endian length, then the payload. */
    private static byte[] intermediate(int payload) {
        byte[] frame = new byte[4 + payload];
        frame[0] = (byte) payload;
        frame[1] = (byte) (payload >>> 8);
        return frame;
    }

    private static ByteBuf bytes(byte[]... parts) {
        return Unpooled.wrappedBuffer(parts);
    }

    @Test
    void cutsTheNextFrameOfTheIntermediateFramingAcrossChunks() {
        ProxyFrames frames = new ProxyFrames(true);
        long[] length = {0};
        byte[] tag = {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee};
        // the tag and a whole 8-byte frame, not cut (too short for 20 bytes)
        assertThat(frames.scan(bytes(tag, intermediate(8)), 20, true, length)).isEqualTo(-1);
        assertThat(frames.framed()).isTrue();
        // a 40-byte frame (44 with its prefix) split in two chunks: the cut falls in the second, 20 bytes in
        byte[] frame = intermediate(40);
        ByteBuf first = Unpooled.wrappedBuffer(frame, 0, 10);
        ByteBuf second = Unpooled.wrappedBuffer(frame, 10, 34);
        assertThat(frames.scan(first, 20, true, length)).isEqualTo(-1);
        assertThat(frames.scan(second, 20, true, length)).isEqualTo(10);
        assertThat(length[0]).isEqualTo(44);
    }

    @Test
    void aCutInsideTheLengthPrefixHasNoKnownLength() {
        ProxyFrames frames = new ProxyFrames(true);
        long[] length = {0};
        byte[] tag = {(byte) 0xdd, (byte) 0xdd, (byte) 0xdd, (byte) 0xdd};
        assertThat(frames.scan(bytes(tag, intermediate(16)), 2, true, length)).isEqualTo(6);
        assertThat(length[0]).isEqualTo(-1);
    }

    @Test
    void followsTheAbridgedFramingAndTheServersSide() {
        ProxyFrames client = new ProxyFrames(true);
        ProxyFrames server = new ProxyFrames(false);
        long[] length = {0};
        // abridged: 0xef, then the length in words: 2 words (8 bytes) and 0x7f + 3 bytes for 200 words
        byte[] small = {2, 1, 2, 3, 4, 5, 6, 7, 8};
        byte[] large = new byte[4 + 800];
        large[0] = 0x7f;
        large[1] = (byte) 200;
        assertThat(client.scan(bytes(new byte[] {(byte) 0xef}, small, large), 100, true, length)).isEqualTo(110);
        assertThat(length[0]).isEqualTo(804);
        server.follow(client);
        assertThat(server.framed()).isTrue();
        assertThat(server.scan(bytes(small), 0, false, length)).isEqualTo(-1);
    }

    @Test
    void otherBytesAreOpaque() {
        ProxyFrames frames = new ProxyFrames(true);
        long[] length = {0};
        assertThat(frames.scan(Unpooled.wrappedBuffer(new byte[64]), 10, true, length)).isEqualTo(-1);
        assertThat(frames.framed()).isFalse();
        ProxyFrames server = new ProxyFrames(false);
        server.follow(frames);
        assertThat(server.framed()).isFalse();
    }
}
