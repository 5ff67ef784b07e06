package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeApp;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSms;
import io.mtflux.testkit.CodeDelivery;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * auth.resendCode from the flow (asked for, after PHONE_CODE_EXPIRED, and the call fallback after the sent code's
 * timeout on a virtual timer) and auth.cancelCode when a login with a sent code is cancelled, against a cluster
 * whose codes go by app first, then by call, then by SMS (timeout 60 s).
 */
class CodeResendTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MovableClock CLOCK = new MovableClock();

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2).clock(CLOCK)
        .limits(LoginLimits.defaults().withCodeDelivery(CodeDelivery.APP, CodeDelivery.CALL, CodeDelivery.SMS))
        .user(TestUser.of("+1 555 700 0001").dc(2).name("Re", "Quest"))
        .user(TestUser.of("+1 555 700 0002").dc(2).name("Ex", "Pired"))
        .user(TestUser.of("+1 555 700 0003").dc(2).name("Ca", "Ll"))
        .user(TestUser.of("+1 555 700 0004").dc(2).name("Un", "Available"))
        .user(TestUser.of("+1 555 700 0005").dc(2).name("Can", "Celled"))
        .user(TestUser.of("+1 555 700 0006").dc(2).name("Ter", "Minal"))
        .user(TestUser.of("+1 555 700 0007").dc(2).name("Gone", "Hash"))
        .user(TestUser.of("+1 555 700 0008").dc(2).name("Wait", "Ing")));

    private final List<MtprotoClient> clients = new CopyOnWriteArrayList<>();

    private MtprotoClient client(TestCluster cluster) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(new InMemorySessionStore()).build());
        client.connect().block(WAIT);
        clients.add(client);
        return client;
    }

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().block(WAIT));
    }

    /** The code the cluster sent the phone last (random codes: a resent one differs from the one before). */
    private static Mono<CodeAnswer> latestCode(TestCluster cluster, String phone) {
        return Mono.fromSupplier(() -> CodeAnswer.of(cluster.lastCode(phone).orElseThrow().code()));
    }

    /** Code prompts recording what they were asked with; the n-th ask (from 0) answers {@code answers(n)}. */
    private static final class CodePrompt {
        final List<SentCode.CodeSent> asked = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        LoginPrompts prompts(String phone, Function<Integer, Mono<CodeAnswer>> answers) {
            return LoginPrompts.builder().phone(phone)
                .codeAnswer(sent -> {
                    asked.add(sent);
                    return answers.apply(asked.size() - 1);
                })
                .onError(e -> {
                    errors.add(e);
                    return Mono.empty();
                })
                .build();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static String firstName(User user) {
        return ((BaseUser) user).firstName();
    }

    @Test
    void anotherCodeOnRequestComesByTheNextType(TestCluster cluster) {
        String phone = "+1 555 700 0001";
        CodePrompt code = new CodePrompt();
        User user = LoginFlows.create(client(cluster)).start(code.prompts(phone,
            n -> n == 0 ? Mono.just(CodeAnswer.resend()) : latestCode(cluster, phone))).block(WAIT);
        assertThat(firstName(user)).isEqualTo("Re");
        assertThat(code.asked).extracting(SentCode.CodeSent::type)
            .containsExactly(new AuthSentCodeTypeApp(5), new AuthSentCodeTypeCall(5));
        assertThat(code.asked.get(1).phoneCodeHash()).isEqualTo(code.asked.get(0).phoneCodeHash());
        assertThat(cluster.resentCodes(phone)).isEqualTo(1);
        assertThat(code.errors).isEmpty();
    }

    @Test
    void anExpiredCodeIsResentNotSentAnew(TestCluster cluster) {
        String phone = "+1 555 700 0002";
        CodePrompt code = new CodePrompt();
        User user = LoginFlows.create(client(cluster)).start(code.prompts(phone, n -> n > 0
            ? latestCode(cluster, phone)
            // the first code is entered after its lifetime
            : latestCode(cluster, phone).doOnNext(c -> CLOCK.advance(LoginLimits.defaults().codeLifetime()
                .plusSeconds(1))))).block(WAIT);
        assertThat(firstName(user)).isEqualTo("Ex");
        assertThat(code.errors).singleElement().isInstanceOf(PhoneCodeExpiredException.class);
        assertThat(code.asked).extracting(SentCode.CodeSent::type)
            .containsExactly(new AuthSentCodeTypeApp(5), new AuthSentCodeTypeCall(5));
        assertThat(code.asked.get(1).phoneCodeHash()).isEqualTo(code.asked.get(0).phoneCodeHash());
        assertThat(cluster.resentCodes(phone)).isEqualTo(1);
    }

    @Test
    void whenTheExpiredCodesHashIsGoneTooANewCodeIsSent(TestCluster cluster) {
        String phone = "+1 555 700 0007";
        MtprotoClient client = client(cluster);
        AuthClient auth = AuthClient.create(client);
        CodePrompt code = new CodePrompt();
        // the first code's hash is closed before the code is entered: signIn and resendCode answer
        // PHONE_CODE_EXPIRED, so the flow starts again with auth.sendCode
        User user = LoginFlows.create(client).start(code.prompts(phone, n -> n > 0 ? latestCode(cluster, phone)
            : latestCode(cluster, phone).flatMap(c -> auth.cancelCode(code.asked.get(0)).thenReturn(c))))
            .block(WAIT);
        assertThat(firstName(user)).isEqualTo("Gone");
        assertThat(code.errors).hasSize(2).allMatch(PhoneCodeExpiredException.class::isInstance);
        assertThat(code.asked).hasSize(2);
        assertThat(code.asked.get(1).phoneCodeHash()).isNotEqualTo(code.asked.get(0).phoneCodeHash());
        assertThat(code.asked.get(1).type()).isEqualTo(new AuthSentCodeTypeApp(5));
        assertThat(cluster.resentCodes(phone)).isZero();
    }

    @Test
    void theCallFallbackResendsByItselfOnceTheTimeoutPassed(TestCluster cluster) throws Exception {
        String phone = "+1 555 700 0003";
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        try {
            CodePrompt code = new CodePrompt();
            // the first code never arrives (no answer); the one resent by call does
            CompletableFuture<User> login = LoginFlows.create(client(cluster)).withCodeTimer(timer)
                .start(code.prompts(phone, n -> n == 0 ? Mono.never() : latestCode(cluster, phone))).toFuture();
            await(() -> !code.asked.isEmpty() && timer.getScheduledTaskCount() >= 1, "the code asked, the timer set");
            SentCode.CodeSent first = code.asked.get(0);
            assertThat(first.type()).isEqualTo(new AuthSentCodeTypeApp(5));
            assertThat(first.nextType()).isEqualTo(new AuthCodeTypeCall());
            assertThat(first.timeout()).isEqualTo(60);

            timer.advanceTimeBy(Duration.ofSeconds(59));
            assertThat(cluster.resentCodes(phone)).isZero();
            assertThat(code.asked).hasSize(1);
            timer.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(firstName(login.get(60, TimeUnit.SECONDS))).isEqualTo("Ca");
            assertThat(code.asked).hasSize(2);
            assertThat(code.asked.get(1).type()).isEqualTo(new AuthSentCodeTypeCall(5));
            assertThat(cluster.resentCodes(phone)).isEqualTo(1);
            assertThat(code.errors).isEmpty();
        } finally {
            timer.dispose();
        }
    }

    @Test
    void whenNoOtherWayIsLeftTheCodeIsAskedAgain(TestCluster cluster) {
        String phone = "+1 555 700 0004";
        CodePrompt code = new CodePrompt();
        // app, then call, then SMS, then none: the third request gets SEND_CODE_UNAVAILABLE
        User user = LoginFlows.create(client(cluster)).start(code.prompts(phone,
            n -> n < 3 ? Mono.just(CodeAnswer.resend()) : latestCode(cluster, phone))).block(WAIT);
        assertThat(firstName(user)).isEqualTo("Un");
        assertThat(code.errors).singleElement().isInstanceOf(SendCodeUnavailableException.class);
        assertThat(code.asked).extracting(SentCode.CodeSent::type).containsExactly(new AuthSentCodeTypeApp(5),
            new AuthSentCodeTypeCall(5), new AuthSentCodeTypeSms(5), new AuthSentCodeTypeSms(5));
        assertThat(cluster.resentCodes(phone)).isEqualTo(2);
    }

    @Test
    void cancellingALoginAfterTheCodeWasSentCancelsTheCode(TestCluster cluster) throws InterruptedException {
        String phone = "+1 555 700 0005";
        MtprotoClient client = client(cluster);
        CodePrompt code = new CodePrompt();
        Disposable login = LoginFlows.create(client).start(code.prompts(phone, n -> Mono.never())).subscribe();
        await(() -> !code.asked.isEmpty(), "the code asked for");
        String sentCode = cluster.lastCode(phone).orElseThrow().code();
        login.dispose();
        await(() -> cluster.cancelledCodes(phone) == 1, "auth.cancelCode");
        // the hash no longer works
        assertThatThrownBy(() -> AuthClient.create(client).signIn(code.asked.get(0), sentCode).block(WAIT))
            .isInstanceOf(PhoneCodeExpiredException.class);
    }

    @Test
    void typingResendAtTheTerminalAsksForAnotherCode(TestCluster cluster) {
        String phone = "+1 555 700 0006";
        ScriptedTerminal terminal = new ScriptedTerminal(List.of(() -> phone, () -> "resend",
            () -> cluster.lastCode(phone).orElseThrow().code()));
        User user = LoginFlows.create(client(cluster)).start(LoginPrompts.terminal(terminal)).block(WAIT);
        assertThat(firstName(user)).isEqualTo("Ter");
        assertThat(cluster.resentCodes(phone)).isEqualTo(1);
        assertThat(terminal.shown())
            .contains("login code (sent to your other Telegram sessions; type resend to get another by a phone call)")
            .contains("login code (read to you in a phone call; type resend to get another by SMS)");
    }

    @Test
    void aTerminalReadCutShortByTheCallFallbackAnswersTheNextQuestion(TestCluster cluster) throws Exception {
        String phone = "+1 555 700 0008";
        BlockingQueue<String> typed = new LinkedBlockingQueue<>();
        // the code line is typed only after the call fallback: the read of the first question is still waiting
        ScriptedTerminal terminal = new ScriptedTerminal(List.of(() -> phone, () -> {
            try {
                return typed.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }));
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        try {
            CompletableFuture<User> login = LoginFlows.create(client(cluster)).withCodeTimer(timer)
                .start(LoginPrompts.terminal(terminal)).toFuture();
            await(() -> terminal.shown().contains("login code (sent to your other Telegram sessions")
                && timer.getScheduledTaskCount() >= 1, "the first code question, the timer set");
            timer.advanceTimeBy(Duration.ofSeconds(60));
            await(() -> terminal.shown().contains("login code (read to you in a phone call"),
                "the question about the code resent by call");
            typed.add(cluster.lastCode(phone).orElseThrow().code());
            assertThat(firstName(login.get(60, TimeUnit.SECONDS))).isEqualTo("Wait");
            // one read for the phone, one for both code questions
            assertThat(terminal.reads).containsExactly("line", "line");
            assertThat(cluster.resentCodes(phone)).isEqualTo(1);
        } finally {
            timer.dispose();
        }
    }
}
