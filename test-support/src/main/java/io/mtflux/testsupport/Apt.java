package io.mtflux.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one installer of the OS packages the build's tests need (Chromium, Prometheus, microsocks, Dante...): installs
 * the Debian packages of a tool when its binaries are missing ({@code apt-get install}, and on failure
 * {@code apt-get update} and again), and fails with a clear message when they still are: a test that needs the
 * tool never skips.
 */
public final class Apt {
    private Apt() {
    }

    /**
     * Makes sure the binaries exist, installing the packages when one does not.
     *
     * @param binaries the binaries the tests run (absolute paths)
     * @param packages the Debian packages that hold them
     * @throws IllegalStateException when they cannot be installed
     */
    public static synchronized void ensure(List<Path> binaries, String... packages) {
        if (binaries.stream().allMatch(Files::isExecutable)) {
            return;
        }
        StringBuilder log = new StringBuilder();
        if (!install(packages, log)) {
            run(command("apt-get", "update", "-qq"), log);
            install(packages, log);
        }
        List<Path> missing = binaries.stream().filter(b -> !Files.isExecutable(b)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the tests need " + missing + " (Debian packages "
                + String.join(", ", packages) + ") and could not install them with apt-get; install them "
                + "(apt-get install -y " + String.join(" ", packages) + ") and run again. apt-get said:\n" + log);
        }
    }

    private static boolean install(String[] packages, StringBuilder log) {
        List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
        cmd.addAll(List.of(packages));
        return run(command(cmd.toArray(String[]::new)), log) == 0;
    }

    /** The command, through {@code sudo -n} when not root. */
    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/sudo"))) {
            cmd.addAll(List.of("sudo", "-n"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Makes sure one binary exists, installing its package when it does not.
     *
     * @param binary the binary the tests run (an absolute path)
     * @param packages the Debian packages that hold it
     * @return {@code binary}
     * @throws IllegalStateException when it cannot be installed
     */
    public static Path ensure(Path binary, String... packages) {
        ensure(List.of(binary), packages);
        return binary;
    }

    private static int run(List<String> cmd, StringBuilder log) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                log.append(String.join(" ", cmd)).append(": timed out\n");
                return -1;
            }
            log.append(String.join(" ", cmd)).append(" -> ").append(p.exitValue()).append('\n');
            String tail = out.length() > 4000 ? out.substring(out.length() - 4000) : out;
            log.append(tail);
            return p.exitValue();
        } catch (IOException e) {
            log.append(String.join(" ", cmd)).append(": ").append(e).append('\n');
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing " + cmd, e);
        }
    }
}
