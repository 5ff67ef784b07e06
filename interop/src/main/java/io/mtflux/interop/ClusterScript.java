package io.mtflux.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.cli.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A Node script of the interop project run against an in-JVM testkit cluster, fed exactly what the standalone
 * testkit jar prints: the cluster line ({@link JsonLines#ready}) first, then a {@code code_sent} line for every
 * login code the cluster sends, written to the script's stdin as they happen. The script's stdout is read as
 * JSON lines; its stderr goes to a log file. Against a cluster with TLS, Node trusts the cluster's certificate
 * through {@code NODE_EXTRA_CA_CERTS} (a PEM file beside the log), as Node documents it: nothing turns certificate
 * checks off. Blocking: use it from a test thread or {@code boundedElastic()}.
 */
public final class ClusterScript implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EOF = JSON.createObjectNode();

    private final Process process;
    private final Path log;
    private final OutputStream stdin;
    private final Scheduler.Worker writer;
    private final Disposable codes;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();

    private ClusterScript(Process process, Path log, TestCluster cluster) {
        this.process = process;
        this.log = log;
        this.stdin = process.getOutputStream();
        // one worker: lines reach stdin one at a time and in order, the cluster line first
        this.writer = Schedulers.boundedElastic().createWorker();
        String ready = JsonLines.ready(cluster);
        writer.schedule(() -> write(ready));
        this.codes = cluster.codes().subscribe(code -> {
            String line = JsonLines.codeSent(code);
            writer.schedule(() -> write(line));
        });
        Thread reader = new Thread(this::readStdout, "interop-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code node script args...} in the project folder, fed by {@code cluster}.
     *
     * @param project the interop project (installed)
     * @param cluster the running cluster
     * @param script the script, relative to the project folder
     * @param args its arguments
     * @param log where the script's stderr goes (created with its parent folders, replaced when it exists)
     * @return the running script
     */
    public static ClusterScript start(NodeProject project, TestCluster cluster, String script, List<String> args,
                                      Path log) {
        try {
            Path folder = log.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            ProcessBuilder builder = project.node(script, args)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
            if (cluster.tlsCertificatePem().isPresent()) {
                // https://nodejs.org/api/cli.html#node_extra_ca_certsfile: read once, when Node starts. Written to
                // a temporary file and moved in place, so a script started meanwhile never reads half a file.
                Path ca = folder.resolve("testkit-ca-" + cluster.endpoints().get(0).port() + ".pem");
                Path part = Files.createTempFile(folder, "testkit-ca-", ".part");
                Files.writeString(part, cluster.tlsCertificatePem().get());
                Files.move(part, ca, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                builder.environment().put("NODE_EXTRA_CA_CERTS", ca.toString());
            }
            Process process = builder.start();
            return new ClusterScript(process, log, cluster);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + script + " (is Node.js 20 installed?)", e);
        }
    }

    /**
     * Writes one line to the script's stdin, after the cluster line and in order with the code lines (a command
     * for a script that reads them, e.g. {@code gramjs-bench.js slices}).
     *
     * @param line one JSON object, without the line break
     */
    public void send(String line) {
        writer.schedule(() -> write(line));
    }

    private void write(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // the script has exited: nothing more to feed
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    lines.add(JSON.createObjectNode().put("ok", false).put("error", "not a JSON line: " + line));
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            lines.add(EOF);
        }
    }

    /**
     * @param timeout how long to wait
     * @return the script's next stdout line, or null when it closed stdout or the time ran out
     */
    public JsonNode nextLine(Duration timeout) {
        try {
            JsonNode line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == EOF) {
                lines.add(EOF);
                return null;
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Waits for the script to exit; kills it when the time runs out.
     *
     * @param timeout how long to wait
     * @return its exit code, or -1 when it had to be killed
     */
    public int waitFor(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    /**
     * @param count how many lines
     * @return the last lines of the script's stderr log (for a failure message)
     */
    public String stderrTail(int count) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** @return the stderr log file */
    public Path log() {
        return log;
    }

    /** Stops feeding, closes the script's stdin and kills it if it still runs. */
    @Override
    public void close() {
        codes.dispose();
        writer.dispose();
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
