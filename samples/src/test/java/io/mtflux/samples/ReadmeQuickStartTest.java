package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.crypto.RsaPem;
import io.mtflux.testkit.LoginCode;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * The root README's quick start is the code that runs: its Java block (between the {@code quickstart} markers) is
 * compiled as it stands and run twice in a child JVM against an embedded testkit cluster, pointed there by its
 * {@code HOST PORT key.pem} arguments. The first run logs a 2FA user whose home is DC 3 in, the code and the
 * password typed on its terminal (stdin); the second must reuse the file session: no question, no code sent.
 */
class ReadmeQuickStartTest {
    private static final String BEGIN = "<!-- quickstart:begin -->";
    private static final String END = "<!-- quickstart:end -->";
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("public\\s+(?:final\\s+)?class\\s+(\\w+)");
    private static final String PHONE = "+1 555 020 0003";
    private static final String DIGITS = "15550200003";
    private static final String PASSWORD = "hunter2 and more";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private TestCluster cluster;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        children.forEach(Process::destroyForcibly);
        if (cluster != null) {
            cluster.stop().block(TIMEOUT);
        }
    }

    @Test
    void theQuickStartLogsInOnceAndThenReusesItsFileSession() throws Exception {
        String source = quickStart(readme());
        Matcher name = CLASS.matcher(source);
        assertThat(name.find()).as("the quick start declares a public class").isTrue();
        Path classes = compile(name.group(1), source);

        cluster = Testkit.cluster().dcs(3)
            .user(TestUser.of(PHONE).dc(3).name("Ann", "Lee").password(PASSWORD, "the usual"))
            .start().block(TIMEOUT);
        Path key = dir.resolve("testkit-key.pem");
        Files.writeString(key, RsaPem.writePublicKey(cluster.rsaKey().publicKey()));
        Path work = Files.createDirectories(dir.resolve("work"));
        ConcurrentLinkedQueue<LoginCode> codes = new ConcurrentLinkedQueue<>();
        Disposable watch = cluster.codes().filter(c -> c.phone().equals(DIGITS)).subscribe(codes::add);
        try {
            // first run: the phone from the environment, the code and the 2FA password typed on the terminal
            CompletableFuture<LoginCode> sent = cluster.codes().filter(c -> c.phone().equals(DIGITS)).next()
                .toFuture();
            Process first = start(name.group(1), classes, key, work, Map.of("MTFLUX_PHONE", PHONE), "first");
            LoginCode code = sent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(code.dcId()).isEqualTo(3);
            try (OutputStream in = first.getOutputStream()) {
                in.write((code.code() + "\n" + PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
            }
            Run one = finish(first, work, "first");
            assertThat(one.exit()).as(one.err()).isZero();
            assertThat(one.out()).as(one.err()).contains("logged in: Ann (");
            // the terminal asked for the code and for the password (with its hint), and nothing else
            assertThat(one.err()).contains("login code (").contains("2FA password (hint: the usual)")
                .doesNotContain("phone number").doesNotContain(PASSWORD).doesNotContain("Exception");
            try (Stream<Path> files = Files.walk(work)) {
                assertThat(files.map(Path::toString)).anyMatch(f -> f.endsWith(".session"));
            }
            assertThat(codes).hasSize(1);

            // second run: no phone, no code, stdin closed: only the file session can log it in
            Process second = start(name.group(1), classes, key, work, Map.of(), "second");
            second.getOutputStream().close();
            Run two = finish(second, work, "second");
            assertThat(two.exit()).as(two.err()).isZero();
            assertThat(two.out()).as(two.err()).contains("session reused: Ann (")
                .contains(one.out().substring(one.out().indexOf('('), one.out().indexOf(')') + 1));
            assertThat(two.err()).doesNotContain("phone number").doesNotContain("login code")
                .doesNotContain("2FA password").doesNotContain("Exception");
            assertThat(codes).as("no code was sent on the second run").hasSize(1);
        } finally {
            watch.dispose();
        }
    }

    /** The root README: the first README.md up from the working directory that has the quick start markers. */
    private static String readme() throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path file = d.resolve("README.md");
            if (Files.isRegularFile(file)) {
                String text = Files.readString(file);
                if (text.contains(BEGIN)) {
                    return text;
                }
            }
        }
        throw new AssertionError("no README.md with " + BEGIN + " above " + Path.of("").toAbsolutePath());
    }

    /** The one Java block between the markers. */
    static String quickStart(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END, begin);
        assertThat(begin).as("begin marker").isNotNegative();
        assertThat(end).as("end marker after the begin marker").isPositive();
        assertThat(readme.indexOf(BEGIN, begin + 1)).as("one quick start").isNegative();
        Matcher block = JAVA_BLOCK.matcher(readme.substring(begin, end));
        assertThat(block.find()).as("a ```java block between the markers").isTrue();
        String java = block.group(1);
        assertThat(block.find()).as("only one Java block between the markers").isFalse();
        long lines = java.lines().count();
        assertThat(lines).as("the quick start stays under 40 lines").isLessThan(40);
        return java;
    }

    private Path compile(String className, String source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        Path src = Files.createDirectories(dir.resolve("src"));
        Path out = Files.createDirectories(dir.resolve("classes"));
        Path file = src.resolve(className + ".java");
        Files.writeString(file, source);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
            StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, diagnostics, List.of("-classpath", classPath(), "-d",
                out.toString(), "--release", "17", "-Xlint:all,-path", "-proc:none"), null,
                files.getJavaFileObjects(file)).call();
            StringBuilder report = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                report.append(d.getKind()).append(" line ").append(d.getLineNumber()).append(": ")
                    .append(d.getMessage(Locale.ROOT)).append('\n');
            }
            assertThat(ok).as("the README's quick start compiles:\n" + report).isTrue();
            assertThat(diagnostics.getDiagnostics()).as("no warnings:\n" + report)
                .noneMatch(d -> d.getKind() == Diagnostic.Kind.WARNING
                    || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING);
        }
        return out;
    }

    private Process start(String className, Path classes, Path key, Path work, Map<String, String> env,
                          String run) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", classes + File.pathSeparator + classPath(), className,
            "127.0.0.1", Integer.toString(cluster.dc(2).port()), key.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
            .redirectOutput(work.resolve(run + ".out").toFile()).redirectError(work.resolve(run + ".err").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MTFLUX_"));
        builder.environment().put("MTFLUX_API_ID", "12345");
        builder.environment().put("MTFLUX_API_HASH", "0123456789abcdef0123456789abcdef");
        builder.environment().putAll(env);
        Process process = builder.start();
        children.add(process);
        return process;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run finish(Process process, Path work, String run) throws Exception {
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        String out = Files.readString(work.resolve(run + ".out"));
        String err = Files.readString(work.resolve(run + ".err"));
        assertThat(exited).as("the " + run + " run ends; stdout:\n" + out + "\nstderr:\n" + err).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    /**
     * This JVM's class path with the {@code Class-Path} of manifest-only jars (surefire's booter) spelled out, so
     * the compiler and the child JVM see the same classes as this test.
     */
    private static String classPath() throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                Manifest manifest = jar.getManifest();
                String more = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (more == null) {
                    continue;
                }
                URI base = Path.of(entry).toAbsolutePath().getParent().toUri();
                for (String ref : more.trim().split("\\s+")) {
                    entries.add(Path.of(base.resolve(ref)).toString());
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
