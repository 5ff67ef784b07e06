package io.mtflux.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the repository self-contained: no text file may point at notes that live outside it, and every citation
 * of the protocol notes ({@code docs/protocol.md}, {@code docs/interop-notes.md}) followed by section numbers must
 * name a section those files have. Scans every text file under the project root except build output
 * ({@code target/}), {@code node_modules/} and {@code .git/}, and reports each offence as file:line.
 */
class DocReferencesTest {
    /** Outside notes the repository must not refer to; split so that this file does not match itself. */
    private static final List<String> FORBIDDEN = List.of(
        "MTPROTO" + ".md", "shared/" + "protocol", "../" + "shared", "DESIGN" + ".md", "CLIENTS" + ".md",
        "SESSION-" + "FORMATS");
    private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", ".git");
    private static final Map<String, String> NOTES = Map.of(
        "protocol", "docs/protocol.md", "interop-notes", "docs/interop-notes.md");

    private static final String SECTION = "(?:\\d+(?:\\.\\d+)?|Appendix [A-Z])";
    /** A notes file name, then (after an optional closing backtick or brace and "section(s)") a list of sections. */
    private static final Pattern CITATION = Pattern.compile(
        "(?<![\\w-])(?:docs/)?(protocol|interop-notes)\\.md[`}]?\\s+(?:sections?\\s+)?("
            + SECTION + "(?:\\s*(?:,|and|or|to|/|-|\u2013)\\s*" + SECTION + ")*)");
    private static final Pattern ONE_SECTION = Pattern.compile(SECTION);
    private static final Pattern HEADING = Pattern.compile(
        "^#{2,4}\\s+(?:(\\d+(?:\\.\\d+)?)\\.?|(Appendix [A-Z])\\b)", Pattern.MULTILINE);

    private static Path root;
    private static List<Path> files;

    @BeforeAll
    static void scan() throws IOException {
        root = projectRoot();
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                .filter(p -> !inSkippedDir(root.relativize(p)) && !p.getFileName().toString().equals(".git"))
                .sorted()
                .toList();
        }
    }

    @Test
    void noFileRefersToNotesOutsideTheRepository() {
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String text = text(file);
            if (text == null) {
                continue;
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String bad : FORBIDDEN) {
                    if (lines[i].contains(bad)) {
                        problems.add(where(file, i + 1) + ": refers to " + bad + ", which is not in the repository");
                    }
                }
            }
        }
        report(problems);
    }

    @Test
    void everyCitedSectionExists() {
        Map<String, Set<String>> sections = new HashMap<>();
        NOTES.forEach((name, path) -> sections.put(name, sectionsOf(root.resolve(path))));
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String text = text(file);
            if (text == null) {
                continue;
            }
            Matcher m = CITATION.matcher(text);
            while (m.find()) {
                String notes = NOTES.get(m.group(1));
                Set<String> known = sections.get(m.group(1));
                Matcher s = ONE_SECTION.matcher(m.group(2));
                while (s.find()) {
                    if (known == null) {
                        problems.add(where(file, lineOf(text, m.start())) + ": cites " + notes + ", which is missing");
                    } else if (!known.contains(s.group())) {
                        problems.add(where(file, lineOf(text, m.start())) + ": cites " + notes + " section "
                            + s.group() + ", which it does not have");
                    }
                }
            }
        }
        report(problems);
    }

    /** Section numbers ("2", "2.7") and appendices ("Appendix A") of a notes file, from its headings. */
    private static Set<String> sectionsOf(Path notes) {
        if (!Files.isRegularFile(notes)) {
            return null;
        }
        Set<String> found = new HashSet<>();
        Matcher m = HEADING.matcher(text(notes));
        while (m.find()) {
            found.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return found;
    }

    private static Path projectRoot() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("core/pom.xml"))
                && Files.isRegularFile(p.resolve("transport/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no project root above " + dir);
    }

    private static boolean inSkippedDir(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (SKIPPED_DIRS.contains(relative.getName(i).toString())) {
                return true;
            }
        }
        return false;
    }

    /** The file as UTF-8 text, or null for a binary file (a NUL byte in it). */
    private static String text(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String where(Path file, int line) {
        return root.relativize(file).toString().replace('\\', '/') + ":" + line;
    }

    private static void report(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s):\n" + String.join("\n", problems));
        }
    }
}
