package io.mtflux.core.fuzz;

import java.util.zip.CRC32;

/** Lets fuzz targets get past a checksum: the harness writes a valid one over mutated data. */
public final class Crc {

    private Crc() {
    }

    /**
     * Overwrites the last four bytes with the big-endian CRC-32 of everything before them (nothing for shorter data).
     *
     * @param data the data, changed in place
     */
    public static void fixTrailingCrc32(byte[] data) {
        if (data.length < 4) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        int v = (int) crc.getValue();
        data[data.length - 4] = (byte) (v >>> 24);
        data[data.length - 3] = (byte) (v >>> 16);
        data[data.length - 2] = (byte) (v >>> 8);
        data[data.length - 1] = (byte) v;
    }
}
