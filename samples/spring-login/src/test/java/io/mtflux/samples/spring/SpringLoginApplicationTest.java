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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The sample on a random port against a testkit cluster and a shared PostgreSQL store: a 2FA login through its HTTP
 * API (each step a request), the actuator's health and Prometheus endpoints with mtflux's details and meters, and
 * a graceful shutdown that closes the accounts and releases their leases at once, so that a second instance on the
 * same store takes them over well within the lease ttl.
 */
@SpringBootTest(classes = SpringLoginApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
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
    private static final String SESSION_KEY = "5a".repeat(32);

    private static TestCluster cluster;
    private static Path key;
    /** The properties of both instances but their names. */
    private static final Map<String, Object> SHARED = new LinkedHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    AccountManager accounts;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        // the user's home is DC 2 and the starter is pointed at DC 1: the login migrates
        cluster = Testkit.cluster().dcs(2)
            .user(TestUser.of(PHONE).dc(2).name("Bob", "Ray").password(PASSWORD, "a horse"))
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

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.stop().block(WAIT);
        }
        Files.deleteIfExists(key);
    }

    /** The user's id as JSON has it (a small number is read as an Integer). */
    private static Consumer<Object> isUser(long userId) {
        return v -> assertThat(((Number) v).longValue()).isEqualTo(userId);
    }

    private WebTestClient http(int serverPort) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + serverPort).responseTimeout(WAIT).build();
    }

    @Test
    @Order(1)
    void aTwoFactorLoginThroughTheHttpApiEachStepARequest() {
        WebTestClient http = http(port);
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
            .exchange().expectStatus().isEqualTo(409);
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
    void aGracefulShutdownReleasesTheLeasesAndASecondInstanceTakesTheAccountOver() throws Exception {
        Map<String, Object> b = new LinkedHashMap<>(SHARED);
        b.put("mtflux.accounts.instance", "node-b");
        b.put("mtflux.accounts.lease-ttl", TTL.toSeconds() + "s");
        b.put("mtflux.accounts.serve-store", "true");
        b.put("server.port", "0");
        List<String> args = new ArrayList<>();
        b.forEach((name, value) -> args.add("--" + name + "=" + value));
        OpenedSessionStore store = SessionStores.open((String) SHARED.get("mtflux.session.url"),
            StoreSecrets.none().key("key", SESSION_KEY)).block(WAIT);
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(SpringLoginApplication.class)
                .run(args.toArray(String[]::new))) {
            AccountManager secondAccounts = second.getBean(AccountManager.class);
            SessionLeases leases = (SessionLeases) store.store();
            // the first instance holds the account; the second waits
            assertThat(leases.leaseHolders("").block(WAIT)).containsEntry(ACCOUNT, "node-a");
            assertThat(secondAccounts.snapshot()).noneMatch(s -> s.state() == AccountState.AUTHORIZED);
            CompletableFuture<AccountEvent> takenOver = secondAccounts.events()
                .filter(e -> e.accountId().equals(ACCOUNT) && e.to() == AccountState.AUTHORIZED)
                .next().toFuture();

            long firstFence = accounts.snapshot(ACCOUNT).fence();
            List<AccountEvent> events = new CopyOnWriteArrayList<>();
            CountDownLatch completed = new CountDownLatch(1);
            accounts.events().subscribe(events::add, e -> { }, completed::countDown);
            long closing = System.nanoTime();
            context.close();
            // the close waited for the accounts: the client closed (STOPPED), the events ended, and no lease of
            // node-a is left in the store: released at once, not left to expire (the ttl is 15 s)
            // (the events complete as the close's last act: the close returned at the same time)
            assertThat(completed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(events).filteredOn(e -> e.accountId().equals(ACCOUNT)).last()
                .extracting(AccountEvent::to).isEqualTo(AccountState.STOPPED);
            assertThat(leases.leaseHolders("").block(WAIT)).doesNotContainValue("node-a");

            // the second instance takes the account over at its next look at the store, well before the ttl
            AccountEvent authorized = takenOver.get(TTL.minusSeconds(1).toNanos() - (System.nanoTime() - closing),
                TimeUnit.NANOSECONDS);
            long userId = cluster.user(PHONE).orElseThrow().id();
            assertThat(authorized.userId()).isEqualTo(userId);
            // under a newer lease than the first instance's
            assertThat(authorized.fence()).isGreaterThan(firstFence);
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            http(secondPort).get().uri("/login/{a}", ACCOUNT).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.account.state").isEqualTo("AUTHORIZED")
                .jsonPath("$.account.userId").value(isUser(userId)).jsonPath("$.account.leased").isEqualTo(true);
            assertThat(leases.leaseHolders("").block(WAIT)).containsEntry(ACCOUNT, "node-b");
        } finally {
            store.close().block(WAIT);
        }
    }
}
