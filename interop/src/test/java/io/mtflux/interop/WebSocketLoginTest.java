package io.mtflux.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.auth.AuthClient;
import io.mtflux.auth.LoginFlows;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.client.WebSocketClientTransport;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import io.mtflux.testkit.api.Account;
import io.mtflux.transport.Carrier;
import io.mtflux.transport.TransportInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;

/**
 * {@link MtprotoClient} logs in to a 4-DC cluster over the WebSocket transport, as a web client does: {@code ws://}
 * and {@code wss://} (the cluster's self-signed certificate, trusted by the test and by nothing else), on the DCs'
 * TCP ports, through {@link WebSocketClientTransport} and {@link LoginFlows}: phone and code, 2FA,
 * {@code PHONE_MIGRATE} to another DC, and a reconnect after the cluster drops every connection. Every connection
 * the client opened is checked to be a WebSocket over the expected carrier.
 */
class WebSocketLoginTest {
    static final List<String> SCENARIOS = List.of("login", "2fa", "migrate", "reconnect");
    static final String PASSWORD = "correct horse";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(accounts(Testkit.cluster().dcs(4).selfSignedTls()));

    private final List<MtprotoClient> clients = new ArrayList<>();
    private final List<Disposable> subscriptions = new ArrayList<>();

    private static TestCluster.Builder accounts(TestCluster.Builder builder) {
        for (Carrier carrier : List.of(Carrier.WEBSOCKET, Carrier.WEBSOCKET_TLS)) {
            builder.user(TestUser.of(phone(carrier, "login")).dc(2).name("Ann", "Lee"),
                TestUser.of(phone(carrier, "2fa")).dc(2).name("Bob", "Stone").password(PASSWORD, "horse"),
                TestUser.of(phone(carrier, "migrate")).dc(4).name("Di", "Ox"),
                TestUser.of(phone(carrier, "reconnect")).dc(3).name("Eve", "Ray"));
        }
        return builder;
    }

    static String phone(Carrier carrier, String scenario) {
        return "+1 555 06" + carrier.ordinal() + " 000" + (1 + SCENARIOS.indexOf(scenario));
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Carrier carrier : List.of(Carrier.WEBSOCKET, Carrier.WEBSOCKET_TLS)) {
            for (String scenario : SCENARIOS) {
                all.add(Arguments.of(carrier, scenario));
            }
        }
        return all.stream();
    }

    @AfterEach
    void close() {
        subscriptions.forEach(Disposable::dispose);
        clients.forEach(c -> c.close().block(WAIT));
    }

    @ParameterizedTest(name = "{1} over {0}")
    @MethodSource("cases")
    void logsInOverWebSocket(Carrier carrier, String scenario, TestCluster cluster) {
        List<TransportInfo> opened = new CopyOnWriteArrayList<>();
        WebSocketClientTransport websocket = cluster.webSocketTransport(carrier == Carrier.WEBSOCKET_TLS);
        ClientTransport recording = target -> websocket.connect(target)
            .flatMap(c -> c.info().doOnNext(opened::add).thenReturn(c));
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(12345).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions(2)).transport(recording)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1)).equalJitter()).build());
        clients.add(client);
        client.connect().block(WAIT);
        String phone = phone(carrier, scenario);
        if (scenario.equals("migrate")) {
            // the client follows PHONE_MIGRATE_4 below every call, a raw one too: DC 4 becomes the home DC
            assertThat(client.session().homeDc()).isEqualTo(2);
            assertThat(client.invoke(new AuthSendCode(phone, client.apiId(), client.apiHash(),
                CodeSettings.builder().build())).block(WAIT)).isNotNull();
            assertThat(client.session().homeDc()).isEqualTo(4);
        }
        CodeFeedPrompts prompts = new CodeFeedPrompts(cluster, phone, false, PASSWORD, WAIT, subscriptions::add);
        BaseUser me = (BaseUser) LoginFlows.create(client).login(prompts.prompts).block(WAIT);
        Account account = cluster.user(phone).orElseThrow();
        assertThat(me.self()).isTrue();
        assertThat(me.id()).isEqualTo(account.id());
        assertThat(client.session().homeDc()).isEqualTo(account.homeDc());
        assertThat(prompts.codeAsks).hasValue(1);
        switch (scenario) {
            case "2fa" -> assertThat(account.homeDc()).isEqualTo(2);
            case "migrate" -> assertThat(account.homeDc()).isEqualTo(4);
            case "reconnect" -> {
                int before = opened.size();
                for (int dc = 1; dc <= cluster.dcCount(); dc++) {
                    cluster.dc(dc).dropConnections();
                }
                // the next call reconnects (over the same carrier) and is still logged in
                BaseUser again = (BaseUser) AuthClient.create(client).me().block(WAIT);
                assertThat(again.id()).isEqualTo(me.id());
                assertThat(opened.size()).isGreaterThan(before);
            }
            default -> {
            }
        }
        assertThat(client.invoke(new UpdatesGetState()).block(WAIT)).isNotNull();
        assertThat(opened).isNotEmpty().allSatisfy(info -> {
            assertThat(info.carrier()).isEqualTo(carrier);
            assertThat(info.obfuscated()).isTrue();
        });
    }
}
