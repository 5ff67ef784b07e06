package io.mtflux.consumertests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clean builds of one published module, from copies of the sources in two different directories, give the
 * same bytes: the jar and the sources jar (the root pom's {@code project.build.outputTimestamp} and the plugins'
 * reproducible defaults). The module is {@code transport}: the smallest published module that compiles real
 * code. The nested builds are offline, from this build's local repository.
 */
class ReproducibleBuildTest {
    private static final String MODULE = "transport";

    @Test
    void twoCleanBuildsGiveTheSameJars(@TempDir Path temp) throws Exception {
        Path root = Path.of(System.getProperty("mtflux.root", "..")).toAbsolutePath().normalize();
        Map<String, String> first = build(root, temp.resolve("first"));
        Map<String, String> second = build(root, temp.resolve("second-in-another-place"));

        assertThat(first).as("jars of the first build").containsKeys(
            "mtflux-transport-" + System.getProperty("mtflux.version") + ".jar",
            "mtflux-transport-" + System.getProperty("mtflux.version") + "-sources.jar");
        assertThat(second).as("the second clean build's jars, by SHA-256").isEqualTo(first);
    }

    /** Copies what the module's build reads into {@code dir}, builds it and returns each jar's SHA-256 by name. */
    private static Map<String, String> build(Path root, Path dir) throws Exception {
        for (String file : List.of("pom.xml", "bom/pom.xml")) {
            copy(root.resolve(file), dir.resolve(file));
        }
        copyTree(root.resolve(MODULE + "/src/main"), dir.resolve(MODULE + "/src/main"));
        // the module's test-scoped dependency on the (unpublished, not installed) test support is left out: the
        // nested build compiles no tests, and test dependencies do not reach the jars
        String pom = Files.readString(root.resolve(MODULE + "/pom.xml"), StandardCharsets.UTF_8)
            .replaceAll("(?s)<dependency>\\s*<groupId>io\\.mtflux</groupId>\\s*"
                + "<artifactId>mtflux-test-support</artifactId>.*?</dependency>", "");
        Files.createDirectories(dir.resolve(MODULE));
        Files.writeString(dir.resolve(MODULE + "/pom.xml"), pom, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve(".mvn"));

        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-o", "-f",
            dir.resolve(MODULE + "/pom.xml").toString(), "package", "-DskipTests", "-Dcheckstyle.skip"));
        String repository = System.getProperty("maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        Path log = dir.resolve("build.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the nested build of " + MODULE + " did not end within 5 minutes");
        }
        assertThat(process.exitValue()).as("nested build of %s in %s:%n%s", MODULE, dir,
            Files.readString(log, StandardCharsets.UTF_8)).isZero();

        Map<String, String> jars = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve(MODULE + "/target"))) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                jars.put(jar.getFileName().toString(), sha256(jar));
            }
        }
        return jars;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
