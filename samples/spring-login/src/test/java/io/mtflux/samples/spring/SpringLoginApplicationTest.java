package io.mtflux.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.accounts.AccountEvent;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountState;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.SessionLeases;
import io.mtflux.store.url.OpenedSessionStore;
import io.mtflux.store.url.SessionStores;
import io.mtflux.store.url.StoreSecrets;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testservers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The sample on a random port against a testkit cluster and a shared PostgreSQL store: a 2FA login through its HTTP
 * API (each step a request), the actuator's health and Prometheus endpoints with mtflux's details and meters, and
 * a graceful shutdown of a second instance on the same store that closes its accounts and releases their leases at
 * once, so that this one takes them over well within the lease ttl.
 */
@SpringBootTest(classes = {SpringLoginApplication.class, SpringLoginApplicationTest.ClusterLifetime.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"mtflux.accounts.instance=node-a", "mtflux.accounts.lease-ttl=15s",
        "mtflux.accounts.serve-store=true"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SpringLoginApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration TTL = Duration.ofSeconds(15);
    private static final String PHONE = "+15550200002";
    private static final String PASSWORD = "correct horse";
    private static final String ACCOUNT = "bob";
    /** An account whose second code is refused with a flood wait. */
    private static final String FLOODED = "eve";
    private static final String FLOODED_PHONE = "+15550200003";
    /** The account of the second instance, a user without 2FA. */
    private static final String OTHER = "ann";
    private static final String OTHER_PHONE = "+15550200001";
    private static final String SESSION_KEY = "5a".repeat(32);

    private static TestCluster cluster;
    private static Path key;
    /** The properties of both instances but their names. */
    private static final Map<String, Object> SHARED = new LinkedHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    AccountManager accounts;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        // the user's home is DC 2 and the starter is pointed at DC 1: the login migrates
        cluster = Testkit.cluster().dcs(2)
            .user(TestUser.of(PHONE).dc(2).name("Bob", "Ray").password(PASSWORD, "a horse"))
            .user(TestUser.of(OTHER_PHONE).dc(1).name("Ann", "Lee"))
            .user(TestUser.of(FLOODED_PHONE).dc(1).name("Eve", "Fox"))
            .limits(LoginLimits.defaults().withSendCodesPerPhone(1))
            .start().block(WAIT);
        key = Files.createTempFile("spring-login-", ".pem");
        Files.writeString(key, RsaPem.writePublicKey(cluster.rsaKey().publicKey()));
        // the same properties as --testkit, on a database of the shared embedded PostgreSQL
        SHARED.putAll(TestkitMode.properties(cluster, key));
        SHARED.put("mtflux.session.url",
            TestServers.newPostgresDatabase("spring_login_" + UUID.randomUUID().toString().substring(0, 8)));
        SHARED.put("mtflux.session.key", SESSION_KEY);
        SHARED.forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * The cluster lives as long as the application: stopped after the accounts closed (a bean created before the
     * starter's, so destroyed after them), when the context closes after the class.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class ClusterLifetime {
        @Bean
        DisposableBean testkitClusterStop() {
            return () -> {
                cluster.stop().block(WAIT);
                Files.deleteIfExists(key);
            };
        }
    }

    /** The user's id as JSON has it (a small number is read as an Integer). */
    private static Consumer<Object> isUser(long userId) {
        return v -> assertThat(((Number) v).longValue()).isEqualTo(userId);
    }

    /**
     * A client of one instance. Every exchange of this class reads its answer's body ({@code expectBody()} with an
     * assertion, or {@code returnResult()}): {@code exchange().expectStatus()} alone leaves the body unread in the
     * client's connection, whose buffers are then never released, and test-support's leak check fails the class.
     */
    private WebTestClient http(int serverPort) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + serverPort).responseTimeout(WAIT).build();
    }

    @Test
    @Order(1)
    void aTwoFactorLoginThroughTheHttpApiEachStepARequest() {
        WebTestClient http = http(port);
        // a status is not a step: it adds no account
        http.get().uri("/login/{a}", ACCOUNT).exchange().expectStatus().isNotFound()
            .expectBody().jsonPath("$.error").isEqualTo("ACCOUNT_UNKNOWN");
        http.post().uri("/login/{a}/phone", ACCOUNT).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
            .exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.error").isEqualTo("BAD_REQUEST");
        http.post().uri("/login/{a}/phone", ACCOUNT).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("phone", PHONE))
            .exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.step").isEqualTo("CODE").jsonPath("$.phoneNumber").isEqualTo(PHONE);
        String code = cluster.lastCode(PHONE).orElseThrow().code();
        String wrong = code.equals("00000") ? "11111" : "00000";
        http.post().uri("/login/{a}/code", ACCOUNT).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("code", wrong))
            .exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.error").isEqualTo("PHONE_CODE_INVALID").jsonPath("$.attemptsLeft").isEqualTo(4);
        byte[] needed = http.post().uri("/login/{a}/code", ACCOUNT).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("code", code))
            .exchange().expectStatus().isUnauthorized()
            .expectBody().jsonPath("$.error").isEqualTo("SESSION_PASSWORD_NEEDED")
            .jsonPath("$.status.step").isEqualTo("PASSWORD").jsonPath("$.status.passwordHint").isEqualTo("a horse")
            .returnResult().getResponseBody();
        long userId = cluster.user(PHONE).orElseThrow().id();
        http.post().uri("/login/{a}/password", ACCOUNT).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("password", PASSWORD))
            .exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.step").isEqualTo("AUTHORIZED").jsonPath("$.userId").value(isUser(userId))
            .jsonPath("$.firstName").isEqualTo("Bob");
        // a step that does not fit any more
        http.post().uri("/login/{a}/password", ACCOUNT).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("password", PASSWORD))
            .exchange().expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.error").isEqualTo("LOGIN_STEP_INVALID");
        http.get().uri("/login/{a}", ACCOUNT).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.account.state").isEqualTo("AUTHORIZED")
            .jsonPath("$.account.userId").value(isUser(userId)).jsonPath("$.account.homeDc").isEqualTo(2)
            .jsonPath("$.account.leased").isEqualTo(true).jsonPath("$.login.step").isEqualTo("AUTHORIZED");
        // no answer carried the code or the password
        assertThat(new String(needed, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(code)
            .doesNotContain(PASSWORD);
    }

    @Test
    @Order(2)
    void theActuatorShowsTheAuthorizedAccountAndMtfluxMeters() {
        WebTestClient http = http(port);
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP")
            .jsonPath("$.components.mtflux.status").isEqualTo("UP")
            .jsonPath("$.components.mtflux.details.accounts.byState.AUTHORIZED").isEqualTo(1)
            .jsonPath("$.components.mtflux.details.accounts.leased").isEqualTo(1)
            .jsonPath("$.components.mtflux.details.accounts.instance").isEqualTo("node-a");
        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("mtproto_rpc_seconds_count{").contains("mtproto_migrations")
            .containsPattern("mtproto_accounts\\{[^}]*state=\"AUTHORIZED\"[^}]*} 1\\.0")
            .contains("mtproto_accounts_leases_acquired");
    }

    @Test
    @Order(3)
    void aFloodWaitIsA429WithRetryAfter() {
        // the cluster sends one code per phone and window: asking for another is a FLOOD_WAIT
        WebTestClient http = http(port);
        http.post().uri("/login/{a}/phone", FLOODED).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("phone", FLOODED_PHONE)).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.step").isEqualTo("CODE");
        // a body the step does not read: the server releases it (the leak check after the class would see it)
        http.post().uri("/login/{a}/resend", FLOODED).contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("ignored", "x".repeat(4096))).exchange().expectStatus().isEqualTo(429)
            .expectHeader().value("Retry-After", v -> assertThat(Long.parseLong(v)).isPositive())
            .expectBody().jsonPath("$.error").isEqualTo("FLOOD_WAIT")
            .jsonPath("$.retryAfter").value(Number.class, v -> assertThat(v.longValue()).isPositive());
        http.get().uri("/login/{a}", FLOODED).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.account.state").isEqualTo("FLOOD_WAIT")
            .jsonPath("$.account.lastError").isEqualTo("FLOOD_WAIT");
    }

    @Test
    @Order(4)
    void aGracefulShutdownReleasesTheLeasesAndTheOtherInstanceTakesTheAccountOver() throws Exception {
        // a second instance on the same store logs its own account in, through its own HTTP API
        Map<String, Object> b = new LinkedHashMap<>(SHARED);
        b.put("mtflux.accounts.instance", "node-b");
        b.put("mtflux.accounts.lease-ttl", TTL.toSeconds() + "s");
        b.put("mtflux.accounts.serve-store", "true");
        b.put("server.port", "0");
        List<String> args = new ArrayList<>();
        b.forEach((name, value) -> args.add("--" + name + "=" + value));
        OpenedSessionStore store = SessionStores.open((String) SHARED.get("mtflux.session.url"),
            StoreSecrets.none().key("key", SESSION_KEY)).block(WAIT);
        ConfigurableApplicationContext second = new SpringApplicationBuilder(SpringLoginApplication.class)
            .run(args.toArray(String[]::new));
        try {
            AccountManager secondAccounts = second.getBean(AccountManager.class);
            WebTestClient secondHttp = http(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
            secondHttp.post().uri("/login/{a}/phone", OTHER).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", OTHER_PHONE)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.step").isEqualTo("CODE");
            long otherUser = cluster.user(OTHER_PHONE).orElseThrow().id();
            secondHttp.post().uri("/login/{a}/code", OTHER).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", cluster.lastCode(OTHER_PHONE).orElseThrow().code()))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.step").isEqualTo("AUTHORIZED").jsonPath("$.userId").value(isUser(otherUser));
            SessionLeases leases = (SessionLeases) store.store();
            // each instance holds its own account
            assertThat(leases.leaseHolders("").block(WAIT)).containsEntry(OTHER, "node-b")
                .containsEntry(ACCOUNT, "node-a");

            CompletableFuture<AccountEvent> takenOver = accounts.events()
                .filter(e -> e.accountId().equals(OTHER) && e.to() == AccountState.AUTHORIZED)
                .next().toFuture();
            long secondFence = secondAccounts.snapshot(OTHER).fence();
            List<AccountEvent> events = new CopyOnWriteArrayList<>();
            CountDownLatch completed = new CountDownLatch(1);
            secondAccounts.events().subscribe(events::add, e -> { }, completed::countDown);
            long closing = System.nanoTime();
            second.close();
            // the close waited for the accounts: the client closed (STOPPED), the events ended (the close's last
            // act), and no lease of node-b is left in the store: released at once, not left to expire (ttl 15 s)
            assertThat(completed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(events).filteredOn(e -> e.accountId().equals(OTHER)).last()
                .extracting(AccountEvent::to).isEqualTo(AccountState.STOPPED);
            assertThat(leases.leaseHolders("").block(WAIT)).doesNotContainValue("node-b");

            // this instance takes the account over at its next look at the store, well before the ttl
            AccountEvent authorized = takenOver.get(TTL.minusSeconds(1).toNanos() - (System.nanoTime() - closing),
                TimeUnit.NANOSECONDS);
            assertThat(authorized.userId()).isEqualTo(otherUser);
            // under a newer lease than the other instance's
            assertThat(authorized.fence()).isGreaterThan(secondFence);
            http(port).get().uri("/login/{a}", OTHER).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.account.state").isEqualTo("AUTHORIZED")
                .jsonPath("$.account.userId").value(isUser(otherUser)).jsonPath("$.account.leased").isEqualTo(true);
            assertThat(leases.leaseHolders("").block(WAIT)).containsEntry(OTHER, "node-a")
                .containsEntry(ACCOUNT, "node-a");
            http(port).get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.mtflux.details.accounts.byState.AUTHORIZED").isEqualTo(2);
        } finally {
            second.close();
            store.close().block(WAIT);
        }
    }
}
