package io.mtflux.transport.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Installs a Debian package the proxy tests need, refreshing the package lists once if the first try fails. */
final class AptPackages {

    private AptPackages() {
    }

    /**
     * Makes sure {@code binary} exists, installing {@code pkg} with apt-get when it does not; aborts the calling
     * test (skipped, with the reason) when that is impossible.
     */
    static void ensure(Path binary, String pkg) throws IOException, InterruptedException {
        if (Files.isExecutable(binary)) {
            return;
        }
        if (!run("apt-get", "install", "-y", "-qq", pkg)) {
            run("apt-get", "update", "-qq");
            run("apt-get", "install", "-y", "-qq", pkg);
        }
        Assumptions.assumeTrue(Files.isExecutable(binary),
            binary + " is missing and 'apt-get install -y " + pkg + "' failed: tests that need it are skipped");
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noAptGet) {
            return false;
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}
