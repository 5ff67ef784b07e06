package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSms;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The ready-made prompts (values, environment, terminal, functions) logging users and bots in to the testkit, the
 * typed error of each empty prompt, and onError continuing and stopping a login.
 */
class LoginPromptsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BOT_TOKEN = "810001:AAE-prompt-bot";
    private static final String TERMS = "These are the terms of service of the mtflux testkit: nothing here is real.";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .user(TestUser.of("+1 555 600 0001").dc(2).name("Val", "Ue").code("60001"))
        .user(TestUser.of("+1 555 600 0002").dc(1).name("En", "Viron").code("60002").password("pw-env", "env"))
        .user(TestUser.of("+1 555 600 0003").dc(3).name("Ter", "Minal").code("60003"))
        .user(TestUser.of("+1 555 600 0004").dc(2).name("Hid", "Den").code("60004").password("pw-term", "term"))
        .user(TestUser.of("+1 555 600 0005").dc(2).name("St", "Op").code("60005"))
        .user(TestUser.of("+1 555 600 0006").dc(2).name("Go", "On").code("60006"))
        .user(TestUser.of("+1 555 600 0007").dc(2).name("Fl", "Ood").code("60007"))
        .user(TestUser.of("+1 555 600 0008").dc(2).name("No", "Pw").code("60008").password("pw8", null))
        .user(TestUser.of("+1 555 600 0009").dc(2).name("Fu", "Nc").code("60009").password("pw9", "nine"))
        .bot(TestBot.of(BOT_TOKEN).dc(2).name("PromptBot")));

    private final List<MtprotoClient> clients = new CopyOnWriteArrayList<>();

    private LoginFlows flows(TestCluster cluster) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(new InMemorySessionStore()).build());
        client.connect().block(WAIT);
        clients.add(client);
        return LoginFlows.create(client);
    }

    @AfterEach
    void close(TestCluster cluster) {
        for (int dc = 1; dc <= 3; dc++) {
            cluster.faults(dc).reset();
        }
        clients.forEach(c -> c.close().block(WAIT));
    }

    private static BaseUser base(User user) {
        return (BaseUser) user;
    }

    private static String newTestNumber(int dc) {
        return "99966" + dc + (1000 + (int) (Math.random() * 8999));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    // ------------------------------------------------------------------ values

    @Test
    void valuesLogAUserWithTwoFactorIn(TestCluster cluster) {
        LoginPrompts prompts = LoginPrompts.builder().phone("+1 555 600 0002").code("60002").password("pw-env")
            .build();
        assertThat(base(flows(cluster).start(prompts).block(WAIT)).firstName()).isEqualTo("En");
        // what a prompt answers never shows in its description
        assertThat(prompts.toString()).isEqualTo("LoginPrompts[phone, code, password]")
            .doesNotContain("555").doesNotContain("60002").doesNotContain("pw-env");
    }

    @Test
    void aBotTokenValueLogsTheBotIn(TestCluster cluster) {
        User bot = flows(cluster).start(LoginPrompts.builder().botToken(BOT_TOKEN).build()).block(WAIT);
        assertThat(base(bot).bot()).isTrue();
        assertThat(base(bot).firstName()).isEqualTo("PromptBot");
    }

    @Test
    void blankValuesAreRefused() {
        assertThatThrownBy(() -> LoginPrompts.builder().phone(" ")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("phone is blank");
        assertThatThrownBy(() -> LoginPrompts.builder().code("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoginPrompts.builder().password((String) null))
            .isInstanceOf(NullPointerException.class).hasMessage("password");
        assertThat(CodeAnswer.of("12345").toString()).doesNotContain("12345");
    }

    @Test
    void aWrongValueIsAnsweredOnceThenTheFallbackAnswers(TestCluster cluster) {
        AtomicInteger fallbackAsks = new AtomicInteger();
        LoginPrompts prompts = LoginPrompts.builder().phone("+1 555 600 0001").code("00000").build()
            .orElse(LoginPrompts.builder().code(sent -> {
                fallbackAsks.incrementAndGet();
                return Mono.just("60001");
            }).build());
        assertThat(base(flows(cluster).start(prompts).block(WAIT)).firstName()).isEqualTo("Val");
        assertThat(fallbackAsks).hasValue(1);
    }

    // ------------------------------------------------------------------ environment

    @Test
    void environmentVariablesLogAUserABotAndASignUpIn(TestCluster cluster) {
        User user = flows(cluster).start(LoginPrompts.environment(Map.of("MTFLUX_PHONE", "+1 555 600 0002",
            "MTFLUX_CODE", "60002", "MTFLUX_PASSWORD", "pw-env", "MTFLUX_API_HASH", "not a prompt"))).block(WAIT);
        assertThat(base(user).firstName()).isEqualTo("En");

        User bot = flows(cluster).start(LoginPrompts.environment(Map.of("MTFLUX_BOT_TOKEN", BOT_TOKEN)))
            .block(WAIT);
        assertThat(base(bot).bot()).isTrue();

        String phone = newTestNumber(1);
        User created = flows(cluster).start(LoginPrompts.environment(Map.of("MTFLUX_PHONE", phone,
            "MTFLUX_CODE", "11111", "MTFLUX_FIRST_NAME", "Envy", "MTFLUX_LAST_NAME", "Ronment"))).block(WAIT);
        assertThat(base(created).firstName()).isEqualTo("Envy");
        assertThat(base(created).lastName()).isEqualTo("Ronment");
        assertThat(base(created).phone()).isEqualTo(phone);
    }

    @Test
    void anEmptyEnvironmentHasNoPhone(TestCluster cluster) {
        StepVerifier.create(flows(cluster).start(LoginPrompts.environment(Map.of("MTFLUX_PHONE", "  "))))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(LoginPromptEmptyException.class,
                empty -> assertThat(empty.prompt()).isEqualTo(LoginPrompts.Prompt.PHONE)))
            .verify(WAIT);
    }

    // ------------------------------------------------------------------ terminal

    @Test
    void aTerminalOnStreamsAsksForThePhoneAndTheCode(TestCluster cluster) {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        LoginTerminal terminal = LoginTerminal.of(new ByteArrayInputStream(
            "+1 555 600 0003\n00000\n 60003 \n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(shown, true, StandardCharsets.UTF_8));
        User user = flows(cluster).start(LoginPrompts.terminal(terminal)).block(WAIT);
        assertThat(base(user).firstName()).isEqualTo("Ter");
        String out = shown.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("phone number (international format): ")
            .contains("login code (sent by SMS; type resend to get another by SMS): ")
            .contains("PhoneCodeInvalidException: 400 PHONE_CODE_INVALID");
    }

    @Test
    void aTerminalReadsThePasswordAsASecretAndShowsItsHint(TestCluster cluster) {
        ScriptedTerminal terminal = ScriptedTerminal.of("+1 555 600 0004", "60004", "pw-term");
        User user = flows(cluster).start(LoginPrompts.terminal(terminal)).block(WAIT);
        assertThat(base(user).firstName()).isEqualTo("Hid");
        assertThat(terminal.reads).containsExactly("line", "line", "secret");
        assertThat(terminal.shown()).contains("2FA password (hint: term): ").doesNotContain("pw-term");
    }

    @Test
    void aTerminalShowsTheTermsOfServiceBeforeTheNames(TestCluster cluster) {
        String phone = newTestNumber(3);
        ScriptedTerminal terminal = ScriptedTerminal.of(phone, "33333", "Terry", "");
        User user = flows(cluster).start(LoginPrompts.terminal(terminal)).block(WAIT);
        assertThat(base(user).firstName()).isEqualTo("Terry");
        assertThat(base(user).lastName()).isNull();
        String shown = terminal.shown();
        assertThat(shown).contains(TERMS);
        assertThat(shown.indexOf(TERMS)).isLessThan(shown.indexOf("first name of the new account: "));
    }

    @Test
    void theEndOfTheTerminalsInputIsAnEmptyPrompt(TestCluster cluster) {
        StepVerifier.create(flows(cluster).start(LoginPrompts.terminal(ScriptedTerminal.of("+1 555 600 0003"))))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(LoginPromptEmptyException.class,
                empty -> assertThat(empty.prompt()).isEqualTo(LoginPrompts.Prompt.CODE)))
            .verify(WAIT);
    }

    // ------------------------------------------------------------------ functions

    @Test
    void functionsAreGivenHowTheCodeWasSentAndThePasswordsHint(TestCluster cluster) {
        List<Object> seen = new CopyOnWriteArrayList<>();
        LoginPrompts prompts = LoginPrompts.builder()
            .phone(() -> Mono.just("+1 555 600 0009"))
            .code(sent -> {
                seen.add(sent.type());
                return Mono.fromSupplier(() -> cluster.lastCode("+1 555 600 0009").orElseThrow().code());
            })
            .password(hint -> {
                seen.add(hint);
                return Mono.just("pw9");
            })
            .build();
        assertThat(base(flows(cluster).start(prompts).block(WAIT)).firstName()).isEqualTo("Fu");
        assertThat(seen).containsExactly(new AuthSentCodeTypeSms(5), "nine");
    }

    // ------------------------------------------------------------------ empty prompts

    private static void expectEmpty(LoginFlows flows, LoginPrompts prompts, LoginPrompts.Prompt which,
                                    Class<? extends Throwable> cause) {
        StepVerifier.create(flows.start(prompts))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(LoginPromptEmptyException.class,
                empty -> {
                    assertThat(empty.prompt()).isEqualTo(which);
                    assertThat(empty).hasMessageContaining(which.name());
                    if (cause == null) {
                        assertThat(empty.getCause()).isNull();
                    } else {
                        assertThat(empty.getCause()).isInstanceOf(cause);
                    }
                }))
            .verify(WAIT);
    }

    @Test
    void eachEmptyPromptFailsWithItsTypedError(TestCluster cluster) throws InterruptedException {
        expectEmpty(flows(cluster), LoginPrompts.builder().build(), LoginPrompts.Prompt.PHONE, null);
        expectEmpty(flows(cluster), LoginPrompts.builder().phone(() -> Mono.just(" ")).build(),
            LoginPrompts.Prompt.PHONE, null);
        expectEmpty(flows(cluster), LoginPrompts.builder().phone("+1 555 600 0001").code(sent -> Mono.empty())
            .build(), LoginPrompts.Prompt.CODE, null);
        // the code sent for nothing is cancelled
        await(() -> cluster.cancelledCodes("+1 555 600 0001") >= 1, "auth.cancelCode after the empty code");
        expectEmpty(flows(cluster), LoginPrompts.builder().phone("+1 555 600 0008").code("60008").build(),
            LoginPrompts.Prompt.PASSWORD, SessionPasswordNeededException.class);
        expectEmpty(flows(cluster), LoginPrompts.builder().phone(newTestNumber(2)).code("22222").build(),
            LoginPrompts.Prompt.SIGN_UP, null);
        expectEmpty(flows(cluster), LoginPrompts.builder().botToken("810001:AAE-not-it")
            .onError(e -> Mono.just(LoginPrompts.ErrorAction.CONTINUE)).build(),
            LoginPrompts.Prompt.BOT_TOKEN, AccessTokenInvalidException.class);
    }

    // ------------------------------------------------------------------ onError

    @Test
    void onErrorStopsTheLoginAndTheSentCodeIsCancelled(TestCluster cluster) throws InterruptedException {
        String phone = "+1 555 600 0005";
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger codeAsks = new AtomicInteger();
        LoginPrompts prompts = LoginPrompts.builder().phone(phone)
            .code(sent -> Mono.fromSupplier(() -> codeAsks.incrementAndGet() == 1 ? "00000" : "60005"))
            .onError(e -> {
                errors.add(e);
                return Mono.just(LoginPrompts.ErrorAction.STOP);
            })
            .build();
        StepVerifier.create(flows(cluster).start(prompts)).expectError(PhoneCodeInvalidException.class)
            .verify(WAIT);
        assertThat(codeAsks).hasValue(1);
        assertThat(errors).singleElement().isInstanceOf(PhoneCodeInvalidException.class);
        await(() -> cluster.cancelledCodes(phone) == 1, "auth.cancelCode after the stop");
        assertThat(cluster.lastCode(phone)).isEmpty();
    }

    @Test
    void onErrorContinuesAfterAnInvalidNumberWhereTheDefaultStops(TestCluster cluster) {
        List<String> phones = List.of("12ab", "+1 555 600 0006");
        AtomicInteger phoneAsks = new AtomicInteger();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        LoginPrompts.Builder prompts = LoginPrompts.builder()
            .phone(() -> Mono.fromSupplier(() -> phones.get(Math.min(phoneAsks.getAndIncrement(), 1))))
            .code("60006");
        StepVerifier.create(flows(cluster).start(prompts.build())).expectError(PhoneNumberInvalidException.class)
            .verify(WAIT);
        phoneAsks.set(0);
        User user = flows(cluster).start(prompts.onError(e -> {
            errors.add(e);
            return Mono.just(LoginPrompts.ErrorAction.CONTINUE);
        }).build()).block(WAIT);
        assertThat(base(user).firstName()).isEqualTo("Go");
        assertThat(phoneAsks).hasValue(2);
        assertThat(errors).singleElement().isInstanceOf(PhoneNumberInvalidException.class);
    }

    @Test
    void onErrorSeesAFloodWaitAndMayAskAgain(TestCluster cluster) {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger codeAsks = new AtomicInteger();
        LoginPrompts prompts = LoginPrompts.builder().phone("+1 555 600 0007")
            .code(sent -> Mono.fromSupplier(() -> {
                codeAsks.incrementAndGet();
                return "60007";
            }))
            .onError(e -> {
                errors.add(e);
                return Mono.just(e instanceof FloodWaitException ? LoginPrompts.ErrorAction.CONTINUE
                    : LoginPrompts.ErrorAction.STOP);
            })
            .build();
        cluster.faults(2).failNext("auth.signIn", 1, RpcException.of(420, "FLOOD_WAIT_300"));
        User user = flows(cluster).start(prompts).block(WAIT);
        assertThat(base(user).firstName()).isEqualTo("Fl");
        assertThat(codeAsks).hasValue(2);
        assertThat(errors).singleElement().isInstanceOfSatisfying(FloodWaitException.class,
            f -> assertThat(f.seconds()).isEqualTo(300));
    }
}
