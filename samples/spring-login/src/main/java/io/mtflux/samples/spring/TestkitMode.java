package io.mtflux.samples.spring;

import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import reactor.core.Disposable;

/**
 * {@code --testkit}: an embedded testkit cluster (2 DCs on loopback, test data only) for the application to run
 * against, with one command. The starter is pointed at the cluster's DC 1 ({@code mtflux.server},
 * {@code mtflux.dc-id}, {@code mtflux.rsa-public-key} as default properties: the command line still wins), the
 * users to try and every login code the cluster delivers are printed on {@code out}, and the cluster stops after
 * the application's beans closed (the accounts first: their clients close on a live server).
 */
final class TestkitMode {
    /** The flag. */
    static final String FLAG = "--testkit";
    /** The code of the registered users (fixed, so that a person can type it). */
    static final String CODE = "12345";
    static final String USER = "+15550100001";
    static final String TWO_FA_USER = "+15550100002";
    static final String PASSWORD = "hunter2";
    static final String HINT = "his pet";
    /** The api_hash of the testkit (any 32 hex digits: the testkit accepts every app). */
    static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestkitMode() {
    }

    /**
     * Starts the cluster and sets {@code application} up to use it.
     *
     * @param application the application, before its run
     * @param out where the test data and the login codes are printed
     */
    static void start(SpringApplication application, PrintStream out) {
        TestCluster cluster = Testkit.cluster().dcs(2)
            .user(TestUser.of(USER).dc(2).name("Ann", "Lee").code(CODE))
            .user(TestUser.of(TWO_FA_USER).dc(1).name("Bob", "Ray").password(PASSWORD, HINT).code(CODE))
            .start().block(WAIT);
        Path key;
        try {
            key = Files.createTempFile("mtflux-testkit-", ".pem");
            Files.writeString(key, RsaPem.writePublicKey(cluster.rsaKey().publicKey()));
            key.toFile().deleteOnExit();
        } catch (IOException e) {
            cluster.stop().block(WAIT);
            throw new UncheckedIOException("cannot write the testkit's RSA key", e);
        }
        application.setDefaultProperties(properties(cluster, key));
        // the login codes the cluster delivers, as it delivers them (test data of a loopback cluster)
        Disposable codes = cluster.codes().subscribe(code -> out.println("testkit: code " + code.code() + " sent to "
            + code.phone() + " (" + code.type() + ")"));
        application.addInitializers(context -> ((DefaultSingletonBeanRegistry) context.getBeanFactory())
            // registered before every bean: destroyed after all of them
            .registerDisposableBean("mtfluxTestkitCluster", () -> {
                codes.dispose();
                cluster.stop().block(WAIT);
                Files.deleteIfExists(key);
            }));
        application.addListeners((ApplicationReadyEvent ready) -> {
            String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
            out.println(tryThis(cluster, port));
            out.flush();
        });
    }

    static Map<String, Object> properties(TestCluster cluster, Path key) {
        DcEndpoint dc1 = cluster.endpoints().stream().filter(e -> e.dcId() == 1).findFirst().orElseThrow();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mtflux.api-id", "1");
        p.put("mtflux.api-hash", API_HASH);
        p.put("mtflux.server", dc1.host() + ":" + dc1.port());
        p.put("mtflux.dc-id", "1");
        p.put("mtflux.rsa-public-key", "file:" + key);
        return p;
    }

    private static String tryThis(TestCluster cluster, String port) {
        String base = "http://127.0.0.1:" + port + "/login/ann";
        String json = "curl -H 'Content-Type: application/json' ";
        return String.join("\n",
            "testkit cluster: " + cluster.dcCount() + " DCs on 127.0.0.1 ports " + cluster.endpoints().stream()
                .map(e -> String.valueOf(e.port())).toList() + " (test data, nothing real)",
            "  user      phone " + USER + "  code " + CODE + "  (Ann Lee, home DC 2)",
            "  2FA user  phone " + TWO_FA_USER + "  code " + CODE + "  password " + PASSWORD + " (hint \"" + HINT
                + "\")  (Bob Ray, home DC 1)",
            "log in account ann (any id of A-Z a-z 0-9 _ -), each step a request:",
            "  " + json + "-d '{\"phone\":\"" + TWO_FA_USER + "\"}' " + base + "/phone",
            "  " + json + "-d '{\"code\":\"" + CODE + "\"}' " + base + "/code",
            "  " + json + "-d '{\"password\":\"" + PASSWORD + "\"}' " + base + "/password",
            "  curl " + base,
            "  curl http://127.0.0.1:" + port + "/actuator/health    curl http://127.0.0.1:" + port
                + "/actuator/prometheus",
            "stops on SIGTERM (Ctrl-C)");
    }
}
