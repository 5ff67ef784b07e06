package io.mtflux.core.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The input format of the fuzz targets that take a sequence of messages: each chunk is a two-byte big-endian
 * length and that many bytes; a truncated last chunk keeps what is there. Seeds are written with {@link #join}.
 */
public final class Chunks {

    private Chunks() {
    }

    /**
     * Splits a fuzz input into its chunks.
     *
     * @param data the input
     * @return the chunks, in order
     */
    public static List<byte[]> split(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i + 2 <= data.length) {
            int length = ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
            i += 2;
            int n = Math.min(length, data.length - i);
            byte[] chunk = new byte[n];
            System.arraycopy(data, i, chunk, 0, n);
            out.add(chunk);
            i += n;
        }
        return out;
    }

    /**
     * Joins chunks into one fuzz input (the inverse of {@link #split}).
     *
     * @param chunks the chunks, each at most 65535 bytes
     * @return the input
     */
    public static byte[] join(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            if (chunk.length > 0xffff) {
                throw new IllegalArgumentException("chunk of " + chunk.length + " bytes");
            }
            out.write(chunk.length >>> 8);
            out.write(chunk.length & 0xff);
            out.write(chunk, 0, chunk.length);
        }
        return out.toByteArray();
    }
}
