package io.mtflux.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js project in the {@code interop/} folder: its location, {@code npm ci} when {@code node_modules} is
 * missing or older than {@code package-lock.json}, and process builders for its scripts. Every method may block
 * (files, processes): call it from a test thread or {@code Schedulers.boundedElastic()}, never an event loop.
 */
public final class NodeProject {
    /** The system property that names the interop folder (default: found from the working directory). */
    public static final String DIR_PROPERTY = "mtflux.interop.dir";
    /** Written into {@code node_modules} after a successful {@code npm ci}: the SHA-256 of the lock file. */
    static final String STAMP = ".mtflux-lock.sha256";
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final Object INSTALL_LOCK = new Object();

    private final Path dir;

    private NodeProject(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir a folder with the interop {@code package.json} and {@code package-lock.json}
     * @return the project there
     */
    public static NodeProject at(Path dir) {
        if (!Files.isRegularFile(dir.resolve("package-lock.json"))) {
            throw new IllegalArgumentException("no package-lock.json in " + dir.toAbsolutePath());
        }
        return new NodeProject(dir.toAbsolutePath().normalize());
    }

    /**
     * The interop folder: {@code -Dmtflux.interop.dir}, else the working directory when it is the interop module
     * (Maven runs its tests there), else {@code interop/} under the working directory or one of its parents.
     *
     * @return the project
     */
    public static NodeProject locate() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null) {
            return at(Path.of(configured));
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (isInterop(p)) {
                return at(p);
            }
            if (isInterop(p.resolve("interop"))) {
                return at(p.resolve("interop"));
            }
        }
        throw new IllegalStateException("cannot find the interop folder from " + cwd + "; set -D" + DIR_PROPERTY);
    }

    private static boolean isInterop(Path p) {
        Path pkg = p.resolve("package.json");
        try {
            return Files.isRegularFile(pkg) && Files.readString(pkg).contains("\"mtflux-interop\"");
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the folder */
    public Path dir() {
        return dir;
    }

    /**
     * Runs {@code npm ci --ignore-scripts} unless {@code node_modules} was installed from the current lock file
     * (its stamp holds the lock file's SHA-256). The output of npm is copied to {@code System.err}.
     *
     * @throws IllegalStateException when npm fails or takes longer than 5 minutes
     */
    public void ensureInstalled() {
        synchronized (INSTALL_LOCK) {
            String lockHash = sha256(dir.resolve("package-lock.json"));
            Path stamp = dir.resolve("node_modules").resolve(STAMP);
            try {
                if (Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(lockHash)) {
                    return;
                }
                List<String> command = new ArrayList<>(npm());
                command.addAll(List.of("ci", "--ignore-scripts", "--no-audit", "--no-fund"));
                Process npm = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(devNull()))
                    .start();
                // copied to System.err, not inherited: a test JVM's own stdout is the build tool's channel
                Thread pump = new Thread(() -> copyLines(npm.getInputStream()), "npm-ci-output");
                pump.setDaemon(true);
                pump.start();
                if (!npm.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm ci did not finish within " + NPM_TIMEOUT);
                }
                if (npm.exitValue() != 0) {
                    throw new IllegalStateException("npm ci failed with exit code " + npm.exitValue() + " in " + dir);
                }
                Files.writeString(stamp, lockHash + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run npm ci in " + dir + " (is Node.js 20 installed?)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during npm ci", e);
            }
        }
    }

    /**
     * @param script a script file relative to the folder, e.g. {@code gramjs-login.js}
     * @param args its arguments
     * @return a builder that runs {@code node script args...} in the folder
     */
    public ProcessBuilder node(String script, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("mtflux.node", "node"));
        command.add(script);
        command.addAll(args);
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private static void copyLines(java.io.InputStream in) {
        try (java.io.BufferedReader reader = new java.io.BufferedReader(
            new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.err.println("npm: " + line);
            }
        } catch (IOException e) {
            // npm exited
        }
    }

    private static List<String> npm() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
        return windows ? List.of("cmd", "/c", "npm") : List.of("npm");
    }

    private static java.io.File devNull() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
        return new java.io.File(windows ? "NUL" : "/dev/null");
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
