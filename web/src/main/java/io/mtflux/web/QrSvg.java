package io.mtflux.web;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.util.Map;
import java.util.Objects;

/**
 * A QR code drawn as compact SVG: one {@code <path>} of the dark modules (runs of a row merged into one rectangle),
 * a quiet zone of 4 modules, crisp edges. ZXing gives the module matrix only; the drawing is ours.
 */
final class QrSvg {
    /** The quiet zone around the code, in modules (the QR standard's minimum). */
    static final int QUIET_ZONE = 4;

    private QrSvg() {
    }

    /**
     * The module matrix of {@code text} (error correction M, UTF-8), without the quiet zone.
     *
     * @return {@code [y][x]}, true for a dark module
     */
    static boolean[][] modules(String text) {
        Objects.requireNonNull(text, "text");
        try {
            ByteMatrix m = Encoder.encode(text, ErrorCorrectionLevel.M,
                Map.of(EncodeHintType.CHARACTER_SET, "UTF-8")).getMatrix();
            boolean[][] dark = new boolean[m.getHeight()][m.getWidth()];
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    dark[y][x] = m.get(x, y) == 1;
                }
            }
            return dark;
        } catch (WriterException e) {
            throw new IllegalArgumentException("the text does not fit a QR code (" + text.length() + " chars)", e);
        }
    }

    /**
     * The SVG of {@code text}'s QR code; it scales to its container (a {@code viewBox} in modules).
     *
     * @param text what the code holds (a {@code tg://login?token=} URL)
     * @return the {@code <svg>} element
     */
    static String svg(String text) {
        boolean[][] dark = modules(text);
        int size = dark.length + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder(dark.length * dark.length);
        for (int y = 0; y < dark.length; y++) {
            int x = 0;
            while (x < dark[y].length) {
                if (!dark[y][x]) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < dark[y].length && dark[y][x]) {
                    x++;
                }
                path.append('M').append(start + QUIET_ZONE).append(' ').append(y + QUIET_ZONE)
                    .append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
            + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
            + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
