package io.mtflux.samples;

import java.nio.charset.StandardCharsets;

/**
 * A small QR code encoder for the login CLI: byte mode, error correction level L, versions 1 to 9 (up to 230
 * bytes, plenty for a {@code tg://login?token=...} URL), one fixed mask (0; any mask is valid, a decoder reads it
 * from the format bits). {@link #render} draws it with Unicode half blocks, two modules per character row.
 */
final class TerminalQr {
    /** Data codewords, EC codewords per block and blocks for level L, versions 1..9 (ISO/IEC 18004 table 9). */
    private static final int[] DATA = {19, 34, 55, 80, 108, 136, 156, 194, 232};
    private static final int[] EC_PER_BLOCK = {7, 10, 15, 20, 26, 18, 20, 24, 30};
    private static final int[] BLOCKS = {1, 1, 1, 1, 1, 2, 2, 2, 2};
    /** Alignment pattern centres for versions 2..9 (version 1 has none). */
    private static final int[][] ALIGN = {{}, {6, 18}, {6, 22}, {6, 26}, {6, 30}, {6, 34}, {6, 22, 38},
        {6, 24, 42}, {6, 26, 46}};

    private final int size;
    private final boolean[][] dark;
    private final boolean[][] reserved;

    private TerminalQr(int version) {
        size = 17 + 4 * version;
        dark = new boolean[size][size];
        reserved = new boolean[size][size];
    }

    /**
     * The modules of the QR code of {@code text}: {@code [row][column]}, true for dark, without the quiet zone.
     *
     * @throws IllegalArgumentException if the text needs more than version 9
     */
    static boolean[][] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int version = 1;
        while (version <= 9 && 4 + 8 + 8 * bytes.length > 8 * DATA[version - 1]) {
            version++;
        }
        if (version > 9) {
            throw new IllegalArgumentException("too long for a version 1-9 QR code: " + bytes.length + " bytes");
        }
        TerminalQr qr = new TerminalQr(version);
        qr.functionPatterns(version);
        qr.placeData(codewords(bytes, version));
        qr.formatBits();
        return qr.dark;
    }

    /** Data codewords (mode, count, bytes, terminator, padding), split in blocks, with RS codewords, interleaved. */
    static byte[] codewords(byte[] bytes, int version) {
        int dataCount = DATA[version - 1];
        byte[] data = new byte[dataCount];
        int[] bit = {0};
        java.util.function.BiConsumer<Integer, Integer> put = (value, length) -> {
            for (int i = length - 1; i >= 0; i--) {
                if (((value >>> i) & 1) != 0) {
                    data[bit[0] >>> 3] |= (byte) (0x80 >>> (bit[0] & 7));
                }
                bit[0]++;
            }
        };
        put.accept(0b0100, 4);
        put.accept(bytes.length, 8);
        for (byte b : bytes) {
            put.accept(b & 0xff, 8);
        }
        put.accept(0, Math.min(4, dataCount * 8 - bit[0]));
        bit[0] = (bit[0] + 7) & ~7;
        for (int i = bit[0] / 8, pad = 0; i < dataCount; i++, pad++) {
            data[i] = (byte) (pad % 2 == 0 ? 0xec : 0x11);
        }
        int blocks = BLOCKS[version - 1];
        int ecLength = EC_PER_BLOCK[version - 1];
        int perBlock = dataCount / blocks;
        byte[][] dataBlocks = new byte[blocks][];
        byte[][] ecBlocks = new byte[blocks][];
        for (int b = 0; b < blocks; b++) {
            dataBlocks[b] = java.util.Arrays.copyOfRange(data, b * perBlock, (b + 1) * perBlock);
            ecBlocks[b] = reedSolomon(dataBlocks[b], ecLength);
        }
        byte[] out = new byte[dataCount + blocks * ecLength];
        int k = 0;
        for (int i = 0; i < perBlock; i++) {
            for (int b = 0; b < blocks; b++) {
                out[k++] = dataBlocks[b][i];
            }
        }
        for (int i = 0; i < ecLength; i++) {
            for (int b = 0; b < blocks; b++) {
                out[k++] = ecBlocks[b][i];
            }
        }
        return out;
    }

    private static int gfMultiply(int x, int y) {
        int z = 0;
        for (int i = 7; i >= 0; i--) {
            z = (z << 1) ^ ((z >>> 7) * 0x11d);
            z ^= ((y >>> i) & 1) * x;
        }
        return z & 0xff;
    }

    /** The {@code degree} RS remainder codewords of {@code data} (generator roots 2^0 .. 2^(degree-1)). */
    private static byte[] reedSolomon(byte[] data, int degree) {
        int[] generator = new int[degree];
        generator[degree - 1] = 1;
        int root = 1;
        for (int i = 0; i < degree; i++) {
            for (int j = 0; j < degree; j++) {
                generator[j] = gfMultiply(generator[j], root) ^ (j + 1 < degree ? generator[j + 1] : 0);
            }
            root = gfMultiply(root, 2);
        }
        int[] remainder = new int[degree];
        for (byte b : data) {
            int factor = (b & 0xff) ^ remainder[0];
            System.arraycopy(remainder, 1, remainder, 0, degree - 1);
            remainder[degree - 1] = 0;
            for (int i = 0; i < degree; i++) {
                remainder[i] ^= gfMultiply(generator[i], factor);
            }
        }
        byte[] out = new byte[degree];
        for (int i = 0; i < degree; i++) {
            out[i] = (byte) remainder[i];
        }
        return out;
    }

    private void set(int row, int column, boolean isDark) {
        dark[row][column] = isDark;
        reserved[row][column] = true;
    }

    private void functionPatterns(int version) {
        for (int i = 0; i < size; i++) {
            set(6, i, i % 2 == 0);
            set(i, 6, i % 2 == 0);
        }
        finder(3, 3);
        finder(3, size - 4);
        finder(size - 4, 3);
        int[] centres = ALIGN[version - 1];
        for (int r : centres) {
            for (int c : centres) {
                boolean onFinder = r == 6 && c == 6 || r == 6 && c == size - 7 || r == size - 7 && c == 6;
                if (!onFinder) {
                    for (int dr = -2; dr <= 2; dr++) {
                        for (int dc = -2; dc <= 2; dc++) {
                            set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) != 1);
                        }
                    }
                }
            }
        }
        // format areas, reserved now and written last; the dark module
        for (int i = 0; i < 9; i++) {
            reserved[8][i] = true;
            reserved[i][8] = true;
        }
        for (int i = 0; i < 8; i++) {
            reserved[8][size - 1 - i] = true;
            reserved[size - 1 - i][8] = true;
        }
        set(size - 8, 8, true);
        if (version >= 7) {
            int bits = version << 12 | bch(version, 0x1f25, 12);
            for (int i = 0; i < 18; i++) {
                boolean on = ((bits >>> i) & 1) != 0;
                set(size - 11 + i % 3, i / 3, on);
                set(i / 3, size - 11 + i % 3, on);
            }
        }
    }

    /** A 7x7 finder centred at (row, column) with its light separator ring. */
    private void finder(int row, int column) {
        for (int dr = -4; dr <= 4; dr++) {
            for (int dc = -4; dc <= 4; dc++) {
                int r = row + dr;
                int c = column + dc;
                if (r >= 0 && r < size && c >= 0 && c < size) {
                    int ring = Math.max(Math.abs(dr), Math.abs(dc));
                    set(r, c, ring != 2 && ring != 4);
                }
            }
        }
    }

    /** The remainder of {@code value << degree} divided by {@code generator} (degree = its bit length - 1). */
    private static int bch(int value, int generator, int degree) {
        int rem = value << degree;
        for (int i = 31 - Integer.numberOfLeadingZeros(rem); i >= degree; i--) {
            if (((rem >>> i) & 1) != 0) {
                rem ^= generator << (i - degree);
            }
        }
        return rem;
    }

    /** The codewords in the zigzag of two-column strips from the bottom right, with mask 0 ((r + c) % 2 == 0). */
    private void placeData(byte[] codewords) {
        int bit = 0;
        int total = codewords.length * 8;
        for (int right = size - 1; right >= 1; right -= 2) {
            if (right == 6) {
                right = 5;
            }
            boolean upward = ((right + 1) & 2) == 0;
            for (int step = 0; step < size; step++) {
                int row = upward ? size - 1 - step : step;
                for (int j = 0; j < 2; j++) {
                    int column = right - j;
                    if (!reserved[row][column]) {
                        boolean on = bit < total && ((codewords[bit >>> 3] >>> (7 - (bit & 7))) & 1) != 0;
                        bit++;
                        dark[row][column] = on ^ ((row + column) % 2 == 0);
                    }
                }
            }
        }
    }

    /** Level L (01) and mask 0: 15 BCH bits, XOR 0x5412, in both copies. */
    private void formatBits() {
        int data = 0b01 << 3;
        int bits = (data << 10 | bch(data, 0x537, 10)) ^ 0x5412;
        for (int i = 0; i <= 5; i++) {
            dark[i][8] = bit(bits, i);
        }
        dark[7][8] = bit(bits, 6);
        dark[8][8] = bit(bits, 7);
        dark[8][7] = bit(bits, 8);
        for (int i = 9; i < 15; i++) {
            dark[8][14 - i] = bit(bits, i);
        }
        for (int i = 0; i < 8; i++) {
            dark[8][size - 1 - i] = bit(bits, i);
        }
        for (int i = 8; i < 15; i++) {
            dark[size - 15 + i][8] = bit(bits, i);
        }
        dark[size - 8][8] = true;
    }

    private static boolean bit(int value, int i) {
        return ((value >>> i) & 1) != 0;
    }

    /** {@code modules} with the 4-module quiet zone, dark as light-on-dark terminals expect it (inverted blocks). */
    static String render(boolean[][] modules) {
        int n = modules.length;
        int quiet = 4;
        StringBuilder out = new StringBuilder();
        for (int r = -quiet; r < n + quiet; r += 2) {
            for (int c = -quiet; c < n + quiet; c++) {
                boolean top = module(modules, r, c);
                boolean bottom = module(modules, r + 1, c);
                // a light module is drawn (a block), a dark one left blank: right on a dark terminal background
                out.append(!top && !bottom ? '\u2588' : !top ? '\u2580' : !bottom ? '\u2584' : ' ');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean module(boolean[][] modules, int r, int c) {
        return r >= 0 && c >= 0 && r < modules.length && c < modules.length && modules[r][c];
    }
}
