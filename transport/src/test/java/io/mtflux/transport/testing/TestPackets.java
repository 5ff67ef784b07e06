package io.mtflux.transport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.SplittableRandom;

/**
 * Self-describing test packets: a packet of n >= 4 bytes starts with its id (int32 LE, low byte non-zero,
 * the size class in the low nibble) and continues with bytes derived from the id, so a receiver can check
 * any packet it gets without knowing the order concurrent senders interleaved them in. Zero-length packets
 * carry nothing and are only counted.
 */
public final class TestPackets {

    /** Packet sizes exercised on every transport: 0, 4, 1 KiB, 1 MiB. */
    public static final int[] SIZES = {0, 4, 1024, 1024 * 1024};

    private TestPackets() {
    }

    /**
     * The id of packet {@code seq} of {@code sender} with size {@code SIZES[sizeClass]}.
     *
     * @param sender sender number (0..127)
     * @param seq sequence number (0..4095)
     * @param sizeClass index into {@link #SIZES}
     * @return the id
     */
    public static int id(int sender, int seq, int sizeClass) {
        return (sender << 16) | (seq << 4) | sizeClass;
    }

    /**
     * Builds a packet.
     *
     * @param id an id from {@link #id}
     * @return a new buffer
     */
    public static ByteBuf packet(int id) {
        int size = SIZES[id & 0xf];
        ByteBuf buf = Unpooled.buffer(size);
        if (size == 0) {
            return buf;
        }
        buf.writeIntLE(id);
        SplittableRandom random = new SplittableRandom(id);
        while (buf.writerIndex() + 8 <= size) {
            buf.writeLong(random.nextLong());
        }
        while (buf.writerIndex() < size) {
            buf.writeByte(random.nextInt(256));
        }
        return buf;
    }

    /**
     * Checks a received packet against what its id says and releases it.
     *
     * @param received the packet
     * @param slack how many trailing padding bytes are allowed (0 unless padded intermediate)
     * @return the size class of the packet
     */
    public static int verify(ByteBuf received, int slack) {
        try {
            int n = received.readableBytes();
            boolean allZero = true;
            for (int i = 0; i < n; i++) {
                if (received.getByte(received.readerIndex() + i) != 0) {
                    allZero = false;
                    break;
                }
            }
            if (allZero) {
                assertThat(n).as("zero-length packet plus padding").isLessThanOrEqualTo(slack);
                return 0;
            }
            int id = received.getIntLE(received.readerIndex());
            int sizeClass = id & 0xf;
            assertThat(sizeClass).as("size class of id %x", id).isBetween(1, SIZES.length - 1);
            ByteBuf expected = packet(id);
            try {
                int size = expected.readableBytes();
                assertThat(n).as("length of packet %x", id).isBetween(size, size + slack);
                assertThat(received.slice(received.readerIndex(), size).equals(expected))
                    .as("content of packet %x", id).isTrue();
            } finally {
                expected.release();
            }
            return sizeClass;
        } finally {
            received.release();
        }
    }
}
