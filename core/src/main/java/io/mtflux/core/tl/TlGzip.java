package io.mtflux.core.tl;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * {@code gzip_packed} payloads. Peers disagree on the framing (tdlib and mtcute send zlib, gotd and the fake DC
 * send RFC 1952 gzip), so inflation detects the format; deflation writes gzip, which every peer accepts.
 * Inflation stops at a size limit, so a compression bomb costs at most that much memory.
 */
public final class TlGzip {
    private static final int FTEXT_MASK = 0x01;
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;

    private TlGzip() {
    }

    /**
     * Compresses {@code data} as an RFC 1952 gzip member.
     *
     * @param data the bytes to compress
     * @return the gzip member, as {@code gzip_packed} carries it
     */
    public static byte[] gzip(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 32);
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, 0, 10);
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                out.write(chunk, 0, n);
            }
            CRC32 crc = new CRC32();
            crc.update(data);
            writeIntLe(out, (int) crc.getValue());
            writeIntLe(out, data.length);
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    /**
     * Inflates a gzip (RFC 1952) or zlib (RFC 1950) payload of at most {@code maxSize} bytes.
     *
     * @param at offset of the {@code gzip_packed} payload in the outer input, for error messages
     */
    static byte[] inflate(byte[] packed, int maxSize, int at) {
        boolean gzip = packed.length >= 2 && (packed[0] & 0xff) == 0x1f && (packed[1] & 0xff) == 0x8b;
        int offset = gzip ? gzipHeaderLength(packed, at) : 0;
        Inflater inflater = new Inflater(gzip);
        try {
            inflater.setInput(packed, offset, packed.length - offset);
            byte[] out = new byte[Math.min(maxSize, Math.max(64, packed.length * 4))];
            int size = 0;
            while (!inflater.finished()) {
                if (size == out.length) {
                    if (size >= maxSize) {
                        throw fail(at, "gzip_packed payload inflates past the limit of " + maxSize + " bytes");
                    }
                    out = java.util.Arrays.copyOf(out, (int) Math.min(maxSize, (long) size * 2));
                }
                int n = inflater.inflate(out, size, out.length - size);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw fail(at, "truncated or invalid gzip_packed payload");
                }
                size += n;
            }
            if (gzip) {
                checkGzipTrailer(packed, packed.length - inflater.getRemaining(), out, size, at);
            }
            return size == out.length ? out : java.util.Arrays.copyOf(out, size);
        } catch (DataFormatException e) {
            throw fail(at, "corrupt gzip_packed payload (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private static TlDecodeException fail(int at, String problem) {
        return new TlDecodeException(problem, at, TlReader.GZIP_PACKED_ID);
    }

    private static int gzipHeaderLength(byte[] p, int at) {
        if (p.length < 10 || p[2] != 8) {
            throw fail(at, "gzip_packed payload with a bad gzip header");
        }
        int flags = p[3] & 0xff & ~FTEXT_MASK;
        int i = 10;
        if ((flags & FEXTRA) != 0) {
            if (p.length < i + 2) {
                throw fail(at, "truncated gzip header");
            }
            i += 2 + ((p[i] & 0xff) | (p[i + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            i = skipZeroTerminated(p, i, at);
        }
        if ((flags & FCOMMENT) != 0) {
            i = skipZeroTerminated(p, i, at);
        }
        if ((flags & FHCRC) != 0) {
            i += 2;
        }
        if (i > p.length) {
            throw fail(at, "truncated gzip header");
        }
        return i;
    }

    private static int skipZeroTerminated(byte[] p, int i, int at) {
        while (i < p.length && p[i] != 0) {
            i++;
        }
        if (i >= p.length) {
            throw fail(at, "truncated gzip header");
        }
        return i + 1;
    }

    private static void checkGzipTrailer(byte[] p, int end, byte[] data, int size, int at) {
        if (p.length - end < 8) {
            throw fail(at, "gzip_packed payload without its CRC32/ISIZE trailer");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, size);
        int expectedCrc = (p[end] & 0xff) | (p[end + 1] & 0xff) << 8 | (p[end + 2] & 0xff) << 16
            | (p[end + 3] & 0xff) << 24;
        int isize = (p[end + 4] & 0xff) | (p[end + 5] & 0xff) << 8 | (p[end + 6] & 0xff) << 16
            | (p[end + 7] & 0xff) << 24;
        if (expectedCrc != (int) crc.getValue() || isize != size) {
            throw fail(at, "gzip_packed payload fails its CRC32/size check");
        }
    }
}
