package io.mtflux.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SVG's path, rasterised by the test (each {@code M x y h w v1 h-w z} a row run), is a QR code ZXing's reader
 * decodes back to the text; the quiet zone is 4 modules and the edges crisp.
 */
class QrSvgTest {
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

    @Test
    void thePathDecodesBackToTheLoginUrl() throws Exception {
        String url = "tg://login?token=AQKx7m2Q9oQ6b0d9d8-ZcVtUfq6M0n2hJ3c4k5Yw1aE_rT";
        String svg = QrSvg.svg(url);
        assertThat(svg).startsWith("<svg").contains("shape-rendering=\"crispEdges\"").endsWith("</svg>");
        assertThat(svg.split("<path", -1)).hasSize(2);
        assertThat(decode(svg)).isEqualTo(url);
    }

    @Test
    void theQuietZoneIsFourModulesOnEachSide() {
        String svg = QrSvg.svg("tg://login?token=abc");
        Matcher box = VIEW_BOX.matcher(svg);
        assertThat(box.find()).isTrue();
        int size = Integer.parseInt(box.group(1));
        int modules = QrSvg.modules("tg://login?token=abc").length;
        assertThat(size).isEqualTo(modules + 8);
        int minX = Integer.MAX_VALUE;
        int maxX = 0;
        Matcher run = RUN.matcher(svg);
        while (run.find()) {
            minX = Math.min(minX, Integer.parseInt(run.group(1)));
            maxX = Math.max(maxX, Integer.parseInt(run.group(1)) + Integer.parseInt(run.group(3)));
            assertThat(Integer.parseInt(run.group(2))).isBetween(4, size - 5);
        }
        assertThat(minX).isEqualTo(4);
        assertThat(maxX).isEqualTo(size - 4);
    }

    @Test
    void differentTokensDrawDifferentCodes() {
        assertThat(QrSvg.svg("tg://login?token=AAAA")).isNotEqualTo(QrSvg.svg("tg://login?token=AAAB"));
    }

    /** Rasterises the SVG's runs at 4 px per module and decodes it. */
    private static String decode(String svg) throws Exception {
        Matcher box = VIEW_BOX.matcher(svg);
        assertThat(box.find()).isTrue();
        int size = Integer.parseInt(box.group(1));
        int scale = 4;
        int px = size * scale;
        int[] pixels = new int[px * px];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Matcher run = RUN.matcher(svg);
        int runs = 0;
        while (run.find()) {
            runs++;
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int w = Integer.parseInt(run.group(3));
            assertThat(run.group(4)).isEqualTo(run.group(3));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < w * scale; dx++) {
                    pixels[(y * scale + dy) * px + x * scale + dx] = 0;
                }
            }
        }
        assertThat(runs).isPositive();
        LuminanceSource source = new RGBLuminanceSource(px, px, pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
            Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
