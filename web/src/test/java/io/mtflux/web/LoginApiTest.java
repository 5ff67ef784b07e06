package io.mtflux.web;

import static io.mtflux.web.LoginTestSupport.TOKEN;
import static io.mtflux.web.LoginTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.accounts.AccountState;
import io.mtflux.auth.AuthClient;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import io.mtflux.testservers.TestServers;
import io.mtflux.web.LoginTestSupport.Api;
import io.mtflux.web.LoginTestSupport.Reply;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * The login REST API against a testkit cluster, as a program drives it (Bearer token, no cookie): every step a
 * request of its own; a restart of console and manager between send-code and sign-in; the two steps on two
 * consoles sharing one PostgreSQL store; a wrong code, 2FA, sign-up with the terms, a bot, a flood wait, QR over
 * the event stream, and the access and step errors.
 */
class LoginApiTest {
    static final String ANN = "+1 555 810 0001";
    static final String BEN = "+1 555 810 0002";
    static final String CAT = "+1 555 810 0003";
    static final String DAN = "+1 555 810 0004";
    static final String EVE = "+1 555 810 0005";
    static final String QIN = "+1 555 810 0006";
    static final String FIN = "+1 555 810 0007";
    static final String ZOE = "+1 555 810 0008";
    static final String ZOE_PASSWORD = "zoe-qr-2fa-secret";
    static final String BOT_TOKEN = "7001:AAHrestBotSecretTokenValue0123";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2)
        .user(TestUser.of(ANN).dc(2).name("Ann", "Api"),
            TestUser.of(BEN).dc(1).name("Ben", "Two").password("ben-2fa-secret", "the usual one"),
            TestUser.of(CAT).dc(2).name("Cat", "Restart"),
            TestUser.of(DAN).dc(1).name("Dan", "Shared"),
            TestUser.of(EVE).dc(2).name("Eve", "Flood"),
            TestUser.of(QIN).dc(2).name("Qin", "Scan").code("36912"),
            TestUser.of(FIN).dc(2).name("Fin", "Bound"),
            TestUser.of(ZOE).dc(2).name("Zoe", "Scan").code("48260").password(ZOE_PASSWORD, "zoe's hint"))
        .bot(TestBot.of(BOT_TOKEN).name("Rest Bot")));

    private static ClientResources resources;
    private final List<AccountManager> managers = new ArrayList<>();
    private final List<Console> consoles = new ArrayList<>();
    private final List<MtprotoClient> clients = new ArrayList<>();

    @BeforeAll
    static void resources() {
        resources = ClientResources.builder().ioThreads(2).build();
    }

    @AfterAll
    static void shutdown() {
        resources.shutdown().block(WAIT);
    }

    @AfterEach
    void close() {
        consoles.forEach(c -> c.close().block(WAIT));
        managers.forEach(m -> m.close().block(WAIT));
        clients.forEach(c -> c.close().block(WAIT));
    }

    private Api api(TestCluster cluster, SessionStore store, String... accounts) {
        AccountManager m = LoginTestSupport.manager(resources, cluster, store);
        managers.add(m);
        for (String id : accounts) {
            m.add(AccountSpec.of(id));
        }
        Console c = LoginTestSupport.console(m);
        consoles.add(c);
        return new Api(c, TOKEN);
    }

    static String code(TestCluster cluster, String phone) {
        return cluster.lastCode(phone).orElseThrow().code();
    }

    static String wrong(String code) {
        return code.startsWith("1") ? "2" + code.substring(1) : "1" + code.substring(1);
    }

    @Test
    void aPhoneLoginStepByStepWithAWrongCodeFirst(TestCluster cluster) {
        Api api = api(cluster, new InMemorySessionStore(), "ann");
        Reply before = api.get("/api/accounts/ann");
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().path("login").path("step").asText()).isEqualTo("NONE");
        assertThat(before.json().path("account").path("accountId").asText()).isEqualTo("ann");

        Reply sent = api.post("/api/accounts/ann/send-code", Map.of("phone", ANN));
        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        assertThat(sent.step()).isEqualTo("CODE");
        assertThat(sent.json().path("codeLength").asInt()).isEqualTo(5);
        assertThat(sent.text()).doesNotContain("phoneCodeHash").doesNotContain("hash");

        String code = code(cluster, ANN);
        Reply bad = api.post("/api/accounts/ann/sign-in", Map.of("code", wrong(code)));
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("PHONE_CODE_INVALID");
        assertThat(bad.json().path("attemptsLeft").asInt()).isEqualTo(4);
        assertThat(bad.text()).doesNotContain(wrong(code));

        Reply in = api.post("/api/accounts/ann/sign-in", Map.of("code", code));
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        assertThat(in.step()).isEqualTo("AUTHORIZED");
        long userId = cluster.user(ANN).orElseThrow().id();
        assertThat(in.json().path("userId").asLong()).isEqualTo(userId);

        JsonNode after = api.get("/api/accounts/ann").json();
        assertThat(after.path("login").path("step").asText()).isEqualTo("AUTHORIZED");
        assertThat(after.path("login").path("firstName").asText()).isEqualTo("Ann");
        assertThat(after.path("login").path("userId").asLong()).isEqualTo(userId);
        assertThat(after.path("account").path("state").asText()).isEqualTo(AccountState.AUTHORIZED.name());
        assertThat(after.path("account").path("homeDc").asInt()).isEqualTo(2);

        // log-out: NONE, the account LOGGED_OUT; a new send-code starts over
        Reply out = api.post("/api/accounts/ann/log-out", Map.of());
        assertThat(out.status()).as(out.text()).isEqualTo(200);
        assertThat(out.step()).isEqualTo("NONE");
        JsonNode gone = api.get("/api/accounts/ann").json();
        assertThat(gone.path("account").path("state").asText()).isEqualTo(AccountState.LOGGED_OUT.name());
        assertThat(gone.path("login").path("step").asText()).isEqualTo("NONE");
        Reply again = api.post("/api/accounts/ann/send-code", Map.of("phone", ANN));
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.step()).isEqualTo("CODE");
    }

    @Test
    void twoFactorAnswers401WithTheHintThenTakesThePassword(TestCluster cluster) {
        Api api = api(cluster, new InMemorySessionStore(), "ben");
        assertThat(api.post("/api/accounts/ben/send-code", Map.of("phone", BEN)).status()).isEqualTo(200);
        Reply needed = api.post("/api/accounts/ben/sign-in", Map.of("code", code(cluster, BEN)));
        assertThat(needed.status()).as(needed.text()).isEqualTo(401);
        assertThat(needed.error()).isEqualTo("SESSION_PASSWORD_NEEDED");
        assertThat(needed.json().path("status").path("step").asText()).isEqualTo("PASSWORD");
        assertThat(needed.json().path("status").path("passwordHint").asText()).isEqualTo("the usual one");

        Reply wrong = api.post("/api/accounts/ben/check-password", Map.of("password", "not-it"));
        assertThat(wrong.status()).as(wrong.text()).isEqualTo(400);
        assertThat(wrong.error()).isEqualTo("PASSWORD_HASH_INVALID");
        assertThat(wrong.json().path("attemptsLeft").asInt()).isEqualTo(4);

        Reply in = api.post("/api/accounts/ben/check-password", Map.of("password", "ben-2fa-secret"));
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        assertThat(in.step()).isEqualTo("AUTHORIZED");
        assertThat(in.text()).doesNotContain("ben-2fa-secret");
    }

    @Test
    void aRestartOfConsoleAndManagerBetweenSendCodeAndSignIn(TestCluster cluster) {
        SessionStore store = new InMemorySessionStore();
        Api first = api(cluster, store, "cat");
        assertThat(first.post("/api/accounts/cat/send-code", Map.of("phone", CAT)).status()).isEqualTo(200);
        consoles.remove(0).close().block(WAIT);
        managers.remove(0).close().block(WAIT);

        Api second = api(cluster, store, "cat");
        assertThat(second.get("/api/accounts/cat").json().path("login").path("step").asText()).isEqualTo("CODE");
        Reply in = second.post("/api/accounts/cat/sign-in", Map.of("code", code(cluster, CAT)));
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        assertThat(in.step()).isEqualTo("AUTHORIZED");
    }

    @Test
    void theTwoStepsOnTwoConsolesSharingOnePostgresStore(TestCluster cluster) {
        String tables = "wl" + UUID.randomUUID().toString().substring(0, 8) + "_";
        List<ConnectionPool> pools = new ArrayList<>();
        try {
            SessionStore[] stores = new SessionStore[2];
            for (int i = 0; i < 2; i++) {
                ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(
                    ConnectionFactories.get(TestServers.postgresUrl())).initialSize(0).maxSize(4).build());
                pools.add(pool);
                stores[i] = R2dbcSessionStore.builder(pool).tablePrefix(tables).start().block(WAIT);
            }
            Api a = api(cluster, stores[0], "dan");
            Api b = api(cluster, stores[1], "dan");
            // both consoles have the account's client running before the first step: b's session is then older
            // than the pending login a saves
            assertThat(b.get("/api/accounts/dan").json().path("login").path("step").asText()).isEqualTo("NONE");
            assertThat(a.get("/api/accounts/dan").json().path("login").path("step").asText()).isEqualTo("NONE");
            Reply sent = a.post("/api/accounts/dan/send-code", Map.of("phone", DAN));
            assertThat(sent.status()).as(sent.text()).isEqualTo(200);
            Reply in = b.post("/api/accounts/dan/sign-in", Map.of("code", code(cluster, DAN)));
            assertThat(in.status()).as(in.text()).isEqualTo(200);
            assertThat(in.step()).isEqualTo("AUTHORIZED");
            assertThat(in.json().path("userId").asLong()).isEqualTo(cluster.user(DAN).orElseThrow().id());
            // the first console sees the login the second completed, with the user's name looked up
            JsonNode seen = a.get("/api/accounts/dan").json();
            assertThat(seen.path("login").path("step").asText()).isEqualTo("AUTHORIZED");
            assertThat(seen.path("login").path("firstName").asText()).isEqualTo("Dan");
            assertThat(seen.path("account").path("state").asText()).isEqualTo(AccountState.AUTHORIZED.name());
        } finally {
            close();
            managers.clear();
            consoles.clear();
            clients.clear();
            pools.forEach(p -> p.disposeLater().block(WAIT));
        }
    }

    @Test
    void anUnregisteredNumberSignsUpAfterTheTerms(TestCluster cluster) {
        Api api = api(cluster, new InMemorySessionStore(), "new");
        String phone = "99966" + (10000 + (int) (Math.random() * 89999));
        assertThat(api.post("/api/accounts/new/send-code", Map.of("phone", phone)).status()).isEqualTo(200);
        Reply up = api.post("/api/accounts/new/sign-in", Map.of("code", code(cluster, phone)));
        assertThat(up.status()).as(up.text()).isEqualTo(200);
        assertThat(up.step()).isEqualTo("SIGN_UP");
        assertThat(up.json().path("termsOfServiceText").asText()).contains("terms of service");
        Reply in = api.post("/api/accounts/new/sign-up", Map.of("firstName", "Nu", "lastName", "Comer"));
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        assertThat(in.step()).isEqualTo("AUTHORIZED");
        assertThat(cluster.user(phone)).isPresent();
    }

    @Test
    void aBotLogsInWithItsToken(TestCluster cluster) {
        Api api = api(cluster, new InMemorySessionStore(), "bot");
        Reply in = api.post("/api/accounts/bot/bot", Map.of("token", BOT_TOKEN));
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        assertThat(in.step()).isEqualTo("AUTHORIZED");
        assertThat(in.json().path("userId").asLong()).isEqualTo(7001L);
        assertThat(in.text()).doesNotContain(BOT_TOKEN);
        assertThat(api.get("/api/accounts/bot").json().path("login").path("bot").asBoolean()).isTrue();
    }

    @Test
    void theConsolesBoundOfWrongCodesDropsTheLogin(TestCluster cluster) {
        AccountManager m = LoginTestSupport.manager(resources, cluster, new InMemorySessionStore());
        managers.add(m);
        m.add(AccountSpec.of("fin"));
        Console c = LoginTestSupport.console(ConsoleOptions.builder(m).token(TOKEN).maxFailedAttempts(2));
        consoles.add(c);
        Api api = new Api(c, TOKEN);
        Reply sent = api.post("/api/accounts/fin/send-code", Map.of("phone", FIN));
        assertThat(sent.json().path("attemptsLeft").asInt()).isEqualTo(2);
        String wrong = wrong(code(cluster, FIN));
        Reply first = api.post("/api/accounts/fin/sign-in", Map.of("code", wrong));
        assertThat(first.status()).as(first.text()).isEqualTo(400);
        assertThat(first.json().path("attemptsLeft").asInt()).isEqualTo(1);
        Reply second = api.post("/api/accounts/fin/sign-in", Map.of("code", wrong));
        assertThat(second.status()).as(second.text()).isEqualTo(403);
        assertThat(second.error()).isEqualTo("LOGIN_ATTEMPTS_EXCEEDED");
        JsonNode after = api.get("/api/accounts/fin").json();
        assertThat(after.path("login").path("step").asText()).isEqualTo("NONE");
        assertThat(after.path("account").path("state").asText()).isEqualTo(AccountState.NEEDS_LOGIN.name());
        assertThat(after.path("account").path("lastError").asText()).isEqualTo("LOGIN_ATTEMPTS_EXCEEDED");
        Reply late = api.post("/api/accounts/fin/sign-in", Map.of("code", code(cluster, FIN)));
        assertThat(late.status()).as(late.text()).isEqualTo(409);
        assertThat(late.error()).isEqualTo("LOGIN_NOT_STARTED");
    }

    @Test
    void aFloodWaitIs429WithRetryAfter(TestCluster cluster) {
        Api api = api(cluster, new InMemorySessionStore(), "eve");
        cluster.faults(2).failNext("auth.sendCode", 1, RpcException.of(420, "FLOOD_WAIT_321"));
        try {
            Reply flood = api.post("/api/accounts/eve/send-code", Map.of("phone", EVE));
            assertThat(flood.status()).as(flood.text()).isEqualTo(429);
            assertThat(flood.headers().get("Retry-After")).isEqualTo("321");
            assertThat(flood.error()).isEqualTo("FLOOD_WAIT");
            assertThat(flood.json().path("retryAfter").asInt()).isEqualTo(321);
        } finally {
            cluster.faults(2).reset();
        }
    }

    @Test
    void accessAndStepErrors(TestCluster cluster) {
        Api api = api(cluster, new InMemorySessionStore(), "zed");
        Console console = consoles.get(0);
        Reply anonymous = new Api(console, null).post("/api/accounts/zed/send-code", Map.of("phone", ANN));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.error()).isEqualTo("UNAUTHORIZED");
        assertThat(new Api(console, "not-the-token-0123456789").get("/api/accounts/zed").status()).isEqualTo(401);

        Reply notStarted = api.post("/api/accounts/zed/sign-in", Map.of("code", "12345"));
        assertThat(notStarted.status()).as(notStarted.text()).isEqualTo(409);
        assertThat(notStarted.error()).isEqualTo("LOGIN_NOT_STARTED");

        Reply unknown = api.post("/api/accounts/nobody/send-code", Map.of("phone", ANN));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("ACCOUNT_UNKNOWN");
        assertThat(api.get("/api/accounts/nobody").status()).isEqualTo(404);

        Reply missing = api.post("/api/accounts/zed/send-code", Map.of("telephone", ANN));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).isEqualTo("BAD_REQUEST");
        Reply notJson = api.http().headers(h -> h.set("Content-Type", "application/json")).post()
            .uri("/api/accounts/zed/sign-in").send(ByteBufFlux.fromString(Mono.just("{\"code\": 12345")))
            .responseSingle((res, body) -> body.asString(StandardCharsets.UTF_8)
                .map(t -> new Reply(res.status().code(), res.responseHeaders(), t)))
            .block(WAIT);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.error()).isEqualTo("BAD_REQUEST");
        assertThat(notJson.text()).doesNotContain("12345");
    }

    @Test
    void anAccountTheOptionsKnowHowToAddIsAddedOnFirstUse(TestCluster cluster) {
        AccountManager m = LoginTestSupport.manager(resources, cluster, new InMemorySessionStore());
        managers.add(m);
        Console c = LoginTestSupport.console(ConsoleOptions.builder(m).token(TOKEN).newAccounts(AccountSpec::of));
        consoles.add(c);
        Reply r = new Api(c, TOKEN).get("/api/accounts/fresh");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(m.snapshot("fresh")).isNotNull();
    }

    @Test
    void qrOverTheEventStreamEndsAuthorizedWhenAnotherSessionAccepts(TestCluster cluster) {
        Api api = api(cluster, new InMemorySessionStore(), "qin");
        String all = qr(api, "qin", scanner(cluster, QIN, "36912", null));
        assertThat(all).contains("event: qr").contains("event: status");
        String last = all.substring(all.lastIndexOf("event: status"));
        assertThat(data(last).path("step").asText()).isEqualTo("AUTHORIZED");
        assertThat(data(last).path("userId").asLong()).isEqualTo(cluster.user(QIN).orElseThrow().id());
    }

    @Test
    void qrOfATwoFactorAccountEndsAtThePasswordStep(TestCluster cluster) {
        Api api = api(cluster, new InMemorySessionStore(), "zoe");
        String all = qr(api, "zoe", scanner(cluster, ZOE, "48260", ZOE_PASSWORD));
        String last = all.substring(all.lastIndexOf("event: status"));
        assertThat(data(last).path("step").asText()).isEqualTo("PASSWORD");
        assertThat(data(last).path("passwordHint").asText()).isEqualTo("zoe's hint");
        assertThat(api.get("/api/accounts/zoe").json().path("login").path("step").asText()).isEqualTo("PASSWORD");
        Reply in = api.post("/api/accounts/zoe/check-password", Map.of("password", ZOE_PASSWORD));
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        assertThat(in.step()).isEqualTo("AUTHORIZED");
        assertThat(in.json().path("userId").asLong()).isEqualTo(cluster.user(ZOE).orElseThrow().id());
    }

    /** Another logged-in session of the user, to accept QR tokens. */
    private AuthClient scanner(TestCluster cluster, String phone, String code, String password) {
        MtprotoClient other = MtprotoClient.create(ClientOptions.builder().apiId(1)
            .apiHash(LoginTestSupport.API_HASH).dcOptions(cluster.dcOptions()).sessionStore(new InMemorySessionStore())
            .build());
        clients.add(other);
        other.connect().block(WAIT);
        LoginPrompts.Builder prompts = LoginPrompts.builder().phone(phone).code(code);
        LoginFlows.create(other).login((password == null ? prompts : prompts.password(password)).build())
            .block(WAIT);
        return AuthClient.create(other);
    }

    /** The QR stream of one account, each token accepted by {@code scanner} as it comes; its whole text. */
    private static String qr(Api api, String accountId, AuthClient scanner) {
        List<String> events = api.http().headers(h -> h.set("Content-Type", "application/json")).post()
            .uri("/api/accounts/" + accountId + "/qr").send(ByteBufFlux.fromString(Mono.just("{}")))
            .response((res, body) -> {
                assertThat(res.status().code()).isEqualTo(200);
                assertThat(res.responseHeaders().get("Content-Type")).startsWith("text/event-stream");
                return events(body.asString(StandardCharsets.UTF_8));
            })
            .concatMap(chunk -> {
                if (chunk.contains("event: qr")) {
                    JsonNode data = data(chunk);
                    assertThat(data.path("svg").asText()).startsWith("<svg").contains("<path");
                    String url = data.path("status").path("qrUrl").asText();
                    byte[] token = Base64.getUrlDecoder().decode(url.substring(url.indexOf("token=") + 6));
                    return scanner.acceptLoginToken(token).thenReturn(chunk);
                }
                return Mono.just(chunk);
            })
            .collectList().block(WAIT);
        return String.join("", events);
    }

    /** The stream's text cut into whole events (a chunk may end inside one). */
    static Flux<String> events(Flux<String> chunks) {
        return Flux.defer(() -> {
            StringBuilder pending = new StringBuilder();
            return chunks.concatMapIterable(chunk -> {
                pending.append(chunk);
                List<String> whole = new ArrayList<>();
                for (int end = pending.indexOf("\n\n"); end >= 0; end = pending.indexOf("\n\n")) {
                    whole.add(pending.substring(0, end + 2));
                    pending.delete(0, end + 2);
                }
                return whole;
            });
        });
    }

    private static JsonNode data(String event) {
        int at = event.indexOf("data: ");
        String line = event.substring(at + 6, event.indexOf('\n', at));
        try {
            return LoginTestSupport.JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
