package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.help.HelpTermsOfService;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Whole login flows with prompts against the testkit: bounded re-prompts, 2FA, sign-up, start(). */
class LoginFlowsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .user(TestUser.of("+1 555 100 0001").dc(1).name("Cy", "Ng").code("12345"))
        .user(TestUser.of("+1 555 100 0002").dc(3).name("Di", "Ox").code("54321").password("s3cret", "hint")));

    private final List<MtprotoClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    private AuthClient auth(TestCluster cluster, InMemorySessionStore store) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(store).build());
        client.connect().block(WAIT);
        clients.add(client);
        return AuthClient.create(client);
    }

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().block(WAIT));
    }

    /** Prompts answering from fixed lists, recording the errors the flow reports. */
    private static final class Scripted implements LoginPrompts {
        final String phone;
        final List<String> codes;
        final List<String> passwords;
        final List<Throwable> errors = new ArrayList<>();
        final AtomicInteger codeAsks = new AtomicInteger();
        final AtomicInteger passwordAsks = new AtomicInteger();

        Scripted(String phone, List<String> codes, List<String> passwords) {
            this.phone = phone;
            this.codes = codes;
            this.passwords = passwords;
        }

        @Override
        public Mono<String> phoneNumber() {
            return Mono.just(phone);
        }

        @Override
        public Mono<String> code(SentCode.CodeSent sent) {
            return Mono.just(codes.get(Math.min(codeAsks.getAndIncrement(), codes.size() - 1)));
        }

        @Override
        public Mono<String> password(String hint) {
            return Mono.just(passwords.get(Math.min(passwordAsks.getAndIncrement(), passwords.size() - 1)));
        }

        @Override
        public Mono<SignUpNames> signUp(HelpTermsOfService terms) {
            return Mono.just(new SignUpNames("Eve", "New"));
        }

        @Override
        public void onError(Throwable error) {
            errors.add(error);
        }
    }

    @Test
    void wrongCodeThenRightCode(TestCluster cluster) {
        AuthClient auth = auth(cluster, new InMemorySessionStore());
        Scripted prompts = new Scripted("+1 555 100 0001", List.of("00000", "12345"), List.of());
        User user = LoginFlows.of(auth).userLogin(prompts).block(WAIT);
        assertThat(((BaseUser) user).firstName()).isEqualTo("Cy");
        assertThat(prompts.codeAsks).hasValue(2);
        assertThat(prompts.errors).singleElement().isInstanceOf(PhoneCodeInvalidException.class);
    }

    @Test
    void wrongCodesEndAfterTheBoundWithTheTypedError(TestCluster cluster) {
        AuthClient auth = auth(cluster, new InMemorySessionStore());
        Scripted prompts = new Scripted("+1 555 100 0001", List.of("00000"), List.of());
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        StepVerifier.create(LoginFlows.of(auth).withMaxAttempts(2).withMeterRegistry(registry).userLogin(prompts))
            .expectError(PhoneCodeInvalidException.class).verify(WAIT);
        assertThat(prompts.codeAsks).hasValue(2);
        assertThat(registry.get("mtproto.login").tag("kind", "user").tag("outcome", "PhoneCodeInvalidException")
            .timer().count()).isEqualTo(1);
    }

    @Test
    void twoFactorWithAWrongPasswordFirst(TestCluster cluster) {
        AuthClient auth = auth(cluster, new InMemorySessionStore());
        Scripted prompts = new Scripted("+1 555 100 0002", List.of("54321"), List.of("nope", "s3cret"));
        User user = LoginFlows.of(auth).userLogin(prompts).block(WAIT);
        assertThat(((BaseUser) user).firstName()).isEqualTo("Di");
        assertThat(prompts.errors).singleElement().isInstanceOf(PasswordHashInvalidException.class);
    }

    @Test
    void signUpOfANewTestNumberAndStartReusesTheSession(TestCluster cluster) {
        InMemorySessionStore store = new InMemorySessionStore();
        AuthClient auth = auth(cluster, store);
        String phone = "9996631" + (100 + (int) (Math.random() * 899));
        Scripted prompts = new Scripted(phone, List.of("33333"), List.of());
        User user = LoginFlows.of(auth).start(prompts).block(WAIT);
        assertThat(((BaseUser) user).firstName()).isEqualTo("Eve");
        // a new client on the same store: start() finds the session authorized and asks nothing
        Scripted none = new Scripted(phone, List.of("never"), List.of());
        User again = LoginFlows.of(auth(cluster, store)).start(none).block(WAIT);
        assertThat(((BaseUser) again).id()).isEqualTo(((BaseUser) user).id());
        assertThat(none.codeAsks).hasValue(0);
    }

    /** 200 user logins at once through the flows (sign-ups of test numbers on all 3 DCs, 2/3 migrating). */
    @Test
    void twoHundredConcurrentLoginsAcrossThreeDcs(TestCluster cluster) {
        int logins = 200;
        List<AuthClient> auths = Flux.range(0, logins)
            .flatMap(i -> Mono.fromCallable(() -> auth(cluster, new InMemorySessionStore()))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 16)
            .collectList().block(Duration.ofMinutes(3));
        List<BaseUser> users = Flux.range(0, logins).flatMap(i -> {
            String phone = "99966" + (1 + i % 3) + "8" + String.format("%03d", i);
            String code = String.valueOf(1 + i % 3).repeat(5);
            AuthClient auth = auths.get(i);
            return LoginFlows.of(auth).userLogin(new Scripted(phone, List.of(code), List.of()))
                .cast(BaseUser.class)
                .doOnNext(user -> {
                    assertThat(user.phone()).isEqualTo(phone);
                    assertThat(auth.client().session().homeDc()).isEqualTo(1 + i % 3);
                    assertThat(auth.client().session().userId()).isEqualTo(user.id());
                });
        }, logins).collectList().block(Duration.ofMinutes(3));
        assertThat(users).hasSize(logins).extracting(BaseUser::id).doesNotHaveDuplicates();
    }
}
