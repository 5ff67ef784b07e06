package io.mtflux.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.PhoneCodeInvalidException;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.testkit.LoginCode;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import io.mtflux.testkit.api.Account;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.transport.framing.Framing;
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
 * The GramJS scenarios with mtflux's own client ({@link LoginFlows}, {@link LoginPrompts}) over every framing our
 * transport has, plain and obfuscated2. The scenarios themselves are covered in depth, over the default framing,
 * by the testkit's and the auth module's tests; this one checks that each framing carries all of them. Login
 * codes come from {@link TestCluster#codes()}, as the cluster sends them.
 */
class MtfluxFramingInteropTest {
    static final List<String> SCENARIOS = GramJsInteropTest.SCENARIOS;
    static final String PASSWORD = "correct horse";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Every framing, plain and obfuscated (full framing has no obfuscated form). */
    enum Wire {
        FULL(Framing.FULL, false),
        ABRIDGED(Framing.ABRIDGED, false),
        INTERMEDIATE(Framing.INTERMEDIATE, false),
        PADDED(Framing.PADDED_INTERMEDIATE, false),
        ABRIDGED_OBFUSCATED(Framing.ABRIDGED, true),
        INTERMEDIATE_OBFUSCATED(Framing.INTERMEDIATE, true),
        PADDED_OBFUSCATED(Framing.PADDED_INTERMEDIATE, true);

        final Framing framing;
        final boolean obfuscated;

        Wire(Framing framing, boolean obfuscated) {
            this.framing = framing;
            this.obfuscated = obfuscated;
        }
    }

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(accounts(Testkit.cluster().dcs(4))
        .newAccountDc(digits -> 2));

    private final List<MtprotoClient> clients = new ArrayList<>();
    private final List<Disposable> subscriptions = new ArrayList<>();

    private static TestCluster.Builder accounts(TestCluster.Builder builder) {
        for (Wire w : Wire.values()) {
            builder.user(TestUser.of(phone(w, "login")).dc(2).name("Ann", "Lee"),
                TestUser.of(phone(w, "2fa")).dc(2).name("Bob", "Stone").password(PASSWORD, "horse"),
                TestUser.of(phone(w, "wrong-code")).dc(2).name("Cy", "Ng"),
                TestUser.of(phone(w, "migrate")).dc(4).name("Di", "Ox"),
                TestUser.of(phone(w, "resume")).dc(4).name("Eve", "Ray"))
                .bot(TestBot.of(botToken(w)).dc(2).name("Helper " + w.ordinal()));
        }
        return builder;
    }

    static String phone(Wire wire, String scenario) {
        return "+1 555 08" + wire.ordinal() + " 000" + (1 + SCENARIOS.indexOf(scenario));
    }

    static String botToken(Wire wire) {
        return (800000 + wire.ordinal()) + ":AAE-framing-secret";
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Wire wire : Wire.values()) {
            for (String scenario : SCENARIOS) {
                all.add(Arguments.of(wire, scenario));
            }
        }
        return all.stream();
    }

    @AfterEach
    void close() {
        subscriptions.forEach(Disposable::dispose);
        clients.forEach(c -> c.close().block(WAIT));
    }

    private MtprotoClient client(TestCluster cluster, Wire wire, InMemorySessionStore store) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(12345).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions(2)).sessionStore(store)
            .transport(ClientTransport.tcp(MtprotoTransport.tcp().framing(wire.framing).obfuscated(wire.obfuscated)))
            .build());
        clients.add(client);
        client.connect().block(WAIT);
        return client;
    }

    @ParameterizedTest(name = "{1} over {0}")
    @MethodSource("cases")
    void mtfluxLogsIn(Wire wire, String scenario, TestCluster cluster) {
        InMemorySessionStore store = new InMemorySessionStore();
        MtprotoClient client = client(cluster, wire, store);
        LoginFlows flows = LoginFlows.create(client);
        if (scenario.equals("bot")) {
            BaseUser bot = (BaseUser) flows.login(LoginPrompts.builder().botToken(botToken(wire)).build()).block(WAIT);
            assertThat(bot.bot()).isTrue();
            assertThat(bot.id()).isEqualTo(800000L + wire.ordinal());
            assertThat(client.invoke(new UpdatesGetState()).block(WAIT)).isNotNull();
            return;
        }
        String phone = scenario.equals("signup") ? "+1 555 09" + wire.ordinal() + " 0006" : phone(wire, scenario);
        CodeFeedPrompts prompts = new CodeFeedPrompts(cluster, phone, scenario.equals("wrong-code"), PASSWORD, WAIT,
            subscriptions::add);
        if (scenario.equals("migrate")) {
            // the client follows PHONE_MIGRATE_4 below every call, a raw one too: DC 4 becomes the home DC
            assertThat(client.session().homeDc()).isEqualTo(2);
            assertThat(client.invoke(new AuthSendCode(phone, client.apiId(), client.apiHash(),
                CodeSettings.builder().build())).block(WAIT)).isNotNull();
            assertThat(client.session().homeDc()).isEqualTo(4);
        }
        BaseUser me = (BaseUser) flows.login(prompts.prompts).block(WAIT);
        assertThat(me.self()).isTrue();
        Account account = cluster.user(phone).orElseThrow();
        assertThat(me.id()).isEqualTo(account.id());
        assertThat(client.session().homeDc()).isEqualTo(account.homeDc());
        assertThat(client.invoke(new UpdatesGetState()).block(WAIT)).isNotNull();
        switch (scenario) {
            case "signup" -> assertThat(me.firstName()).isEqualTo("Flux");
            case "wrong-code" -> {
                assertThat(prompts.codeAsks).hasValue(2);
                assertThat(prompts.errors).singleElement().isInstanceOf(PhoneCodeInvalidException.class);
            }
            case "migrate" -> assertThat(account.homeDc()).isEqualTo(4);
            case "resume" -> {
                // a new client on the same session store: logged in without a login call, so no code is sent
                List<LoginCode> sent = new CopyOnWriteArrayList<>();
                subscriptions.add(cluster.codes().subscribe(sent::add));
                CodeFeedPrompts none = new CodeFeedPrompts(cluster, phone, false, PASSWORD, WAIT, subscriptions::add);
                MtprotoClient resumed = client(cluster, wire, store);
                User again = LoginFlows.create(resumed).start(none.prompts).block(WAIT);
                assertThat(((BaseUser) again).id()).isEqualTo(me.id());
                assertThat(resumed.invoke(new UpdatesGetState()).block(WAIT)).isNotNull();
                assertThat(resumed.session().homeDc()).isEqualTo(4);
                assertThat(none.codeAsks).hasValue(0);
                assertThat(sent).noneMatch(code -> code.phone().equals(account.phone()));
            }
            default -> {
            }
        }
        assertThat(prompts.codeAsks.get()).isPositive();
    }
}
