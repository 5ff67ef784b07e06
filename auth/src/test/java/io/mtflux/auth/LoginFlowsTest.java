package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Whole login flows with prompts against the testkit: bounded re-prompts, 2FA, sign-up with its terms, start(). */
class LoginFlowsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .user(TestUser.of("+1 555 100 0001").dc(1).name("Cy", "Ng").code("12345"))
        .user(TestUser.of("+1 555 100 0002").dc(3).name("Di", "Ox").code("54321").password("s3cret", "hint")));

    private final List<MtprotoClient> clients = new CopyOnWriteArrayList<>();

    private MtprotoClient client(TestCluster cluster, InMemorySessionStore store) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(store).build());
        client.connect().block(WAIT);
        clients.add(client);
        return client;
    }

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().block(WAIT));
    }

    /** Prompts from functions answering from fixed lists, recording the errors and terms the flow reports. */
    private static final class Scripted {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<TermsOfService> terms = new CopyOnWriteArrayList<>();
        final AtomicInteger codeAsks = new AtomicInteger();
        final AtomicInteger passwordAsks = new AtomicInteger();
        final LoginPrompts prompts;

        Scripted(String phone, List<String> codes, List<String> passwords) {
            prompts = LoginPrompts.builder()
                .phone(phone)
                .code(sent -> Mono.fromSupplier(() -> codes.get(Math.min(codeAsks.getAndIncrement(),
                    codes.size() - 1))))
                .password(hint -> Mono.fromSupplier(() -> passwords.get(Math.min(passwordAsks.getAndIncrement(),
                    passwords.size() - 1))))
                .signUp(tos -> {
                    terms.add(tos);
                    return Mono.just(new LoginPrompts.SignUpNames("Eve", "New"));
                })
                .onError(error -> {
                    errors.add(error);
                    return Mono.empty();
                })
                .build();
        }
    }

    @Test
    void wrongCodeThenRightCode(TestCluster cluster) {
        Scripted script = new Scripted("+1 555 100 0001", List.of("00000", "12345"), List.of());
        User user = LoginFlows.create(client(cluster, new InMemorySessionStore())).login(script.prompts).block(WAIT);
        assertThat(((BaseUser) user).firstName()).isEqualTo("Cy");
        assertThat(script.codeAsks).hasValue(2);
        assertThat(script.errors).singleElement().isInstanceOf(PhoneCodeInvalidException.class);
    }

    @Test
    void wrongCodesEndAfterTheBoundWithTheTypedError(TestCluster cluster) {
        Scripted script = new Scripted("+1 555 100 0001", List.of("00000"), List.of());
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        StepVerifier.create(LoginFlows.create(client(cluster, new InMemorySessionStore())).withMaxAttempts(2)
                .withMeterRegistry(registry).login(script.prompts))
            .expectError(PhoneCodeInvalidException.class).verify(WAIT);
        assertThat(script.codeAsks).hasValue(2);
        assertThat(script.errors).hasSize(2).allMatch(PhoneCodeInvalidException.class::isInstance);
        assertThat(registry.get("mtproto.login").tag("kind", "user").tag("outcome", "PhoneCodeInvalidException")
            .timer().count()).isEqualTo(1);
    }

    @Test
    void twoFactorWithAWrongPasswordFirst(TestCluster cluster) {
        Scripted script = new Scripted("+1 555 100 0002", List.of("54321"), List.of("nope", "s3cret"));
        User user = LoginFlows.create(client(cluster, new InMemorySessionStore())).login(script.prompts).block(WAIT);
        assertThat(((BaseUser) user).firstName()).isEqualTo("Di");
        assertThat(script.errors).singleElement().isInstanceOf(PasswordHashInvalidException.class);
    }

    @Test
    void signUpShowsTheTermsAndStartReusesTheSession(TestCluster cluster) {
        InMemorySessionStore store = new InMemorySessionStore();
        String phone = "9996631" + (100 + (int) (Math.random() * 899));
        Scripted script = new Scripted(phone, List.of("33333"), List.of());
        User user = LoginFlows.create(client(cluster, store)).start(script.prompts).block(WAIT);
        assertThat(((BaseUser) user).firstName()).isEqualTo("Eve");
        // the sign-up prompt got the terms of service of auth.authorizationSignUpRequired
        assertThat(script.terms).singleElement().satisfies(tos -> {
            assertThat(tos.text()).isEqualTo(
                "These are the terms of service of the mtflux testkit: nothing here is real.");
            assertThat(tos.isEmpty()).isFalse();
        });
        // a new client on the same store: start() finds the session authorized and asks nothing
        Scripted none = new Scripted(phone, List.of("never"), List.of());
        User again = LoginFlows.create(client(cluster, store)).start(none.prompts).block(WAIT);
        assertThat(((BaseUser) again).id()).isEqualTo(((BaseUser) user).id());
        assertThat(none.codeAsks).hasValue(0);
    }

    /** 200 user logins at once through the flows (sign-ups of test numbers on all 3 DCs, 2/3 migrating). */
    @Test
    void twoHundredConcurrentLoginsAcrossThreeDcs(TestCluster cluster) {
        int logins = 200;
        List<MtprotoClient> started = Flux.range(0, logins)
            .flatMap(i -> Mono.fromCallable(() -> client(cluster, new InMemorySessionStore()))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 16)
            .collectList().block(Duration.ofMinutes(3));
        List<BaseUser> users = Flux.range(0, logins).flatMap(i -> {
            String phone = "99966" + (1 + i % 3) + "8" + String.format("%03d", i);
            String code = String.valueOf(1 + i % 3).repeat(5);
            MtprotoClient client = started.get(i);
            return LoginFlows.create(client).login(new Scripted(phone, List.of(code), List.of()).prompts)
                .cast(BaseUser.class)
                .doOnNext(user -> {
                    assertThat(user.phone()).isEqualTo(phone);
                    assertThat(client.session().homeDc()).isEqualTo(1 + i % 3);
                    assertThat(client.session().userId()).isEqualTo(user.id());
                });
        }, logins).collectList().block(Duration.ofMinutes(3));
        assertThat(users).hasSize(logins).extracting(BaseUser::id).doesNotHaveDuplicates();
    }
}
