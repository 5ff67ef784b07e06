package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal QR encoder against modules made by another encoder (versions 1, 4 and 7, with version bits). */
class TerminalQrTest {

    private static String rows(boolean[][] modules) {
        StringBuilder out = new StringBuilder();
        for (boolean[] row : modules) {
            for (boolean module : row) {
                out.append(module ? '1' : '0');
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void matchesTheReferenceVectors() throws IOException {
        String file;
        try (InputStream in = TerminalQrTest.class.getResourceAsStream("qr-vectors.txt")) {
            file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String[]> vectors = new ArrayList<>();
        for (String block : file.split("\n\n")) {
            String body = block.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
            if (body.isBlank()) {
                continue;
            }
            int newline = body.indexOf('\n');
            vectors.add(new String[] {body.substring("text=".length(), newline), body.substring(newline + 1)});
        }
        assertThat(vectors).hasSize(3);
        for (String[] vector : vectors) {
            assertThat(rows(TerminalQr.encode(vector[0]))).as(vector[0]).isEqualTo(vector[1]);
        }
    }

    @Test
    void aLoginUrlIsVersion4AndRendersTwoModulesPerLine() {
        boolean[][] modules = TerminalQr.encode("tg://login?token=" + "A".repeat(43));
        assertThat(modules).hasNumberOfRows(33);
        List<String> lines = TerminalQr.render(modules).lines().toList();
        assertThat(lines).hasSize((33 + 8 + 1) / 2).allSatisfy(l -> assertThat(l).hasSize(33 + 8));
    }

    @Test
    void tooLongForVersion9IsRefused() {
        assertThatThrownBy(() -> TerminalQr.encode("x".repeat(231))).isInstanceOf(IllegalArgumentException.class);
    }
}
