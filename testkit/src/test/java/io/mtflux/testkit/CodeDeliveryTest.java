package io.mtflux.testkit;

import static io.mtflux.testkit.Logins.call;
import static io.mtflux.testkit.Logins.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.auth.AuthAuthorizationSignUpRequired;
import io.mtflux.core.tl.api.auth.AuthCancelCode;
import io.mtflux.core.tl.api.auth.AuthCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeSms;
import io.mtflux.core.tl.api.auth.AuthResendCode;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeApp;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSms;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.AuthSignUp;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The delivery chain of a login code (type, next_type, timeout), auth.resendCode by the previous next_type until
 * SEND_CODE_UNAVAILABLE, auth.cancelCode, and PHONE_NUMBER_UNOCCUPIED instead of sign-up-required when asked for.
 */
class CodeDeliveryTest {
    private static final MutableClock CLOCK = new MutableClock();
    private static TestCluster cluster;
    private static TestCluster unoccupied;

    private final List<MtprotoClient> clients = new CopyOnWriteArrayList<>();
    private final List<LoginCode> codes = new CopyOnWriteArrayList<>();
    private Disposable feed;

    @BeforeAll
    static void start() {
        cluster = Testkit.cluster().dcs(1).clock(CLOCK)
            .limits(LoginLimits.defaults().withCodeDelivery(CodeDelivery.APP, CodeDelivery.CALL, CodeDelivery.SMS)
                .withResendTimeout(Duration.ofSeconds(30)))
            .start().block(Logins.TIMEOUT);
        unoccupied = Testkit.cluster().dcs(1).rsaKey(cluster.rsaKey())
            .limits(LoginLimits.defaults().withUnoccupiedError(true))
            .start().block(Logins.TIMEOUT);
    }

    @AfterAll
    static void stop() {
        cluster.stop().block(Logins.TIMEOUT);
        unoccupied.stop().block(Logins.TIMEOUT);
    }

    @AfterEach
    void close() {
        if (feed != null) {
            feed.dispose();
        }
        clients.forEach(c -> c.close().block(Logins.TIMEOUT));
    }

    private MtprotoClient connect(TestCluster on) {
        MtprotoClient client = Logins.client(on);
        clients.add(client);
        client.connect().block(Logins.TIMEOUT);
        feed = on.codes().subscribe(codes::add);
        return client;
    }

    @Test
    void eachResendUsesThePreviousNextTypeUntilTheChainEnds() {
        String phone = "+44 20 7946 1001";
        MtprotoClient client = connect(cluster);
        BaseAuthSentCode first = (BaseAuthSentCode) call(client, Logins.sendCode(phone));
        assertThat(first.type()).isEqualTo(new AuthSentCodeTypeApp(5));
        assertThat(first.nextType()).isEqualTo(new AuthCodeTypeCall());
        assertThat(first.timeout()).isEqualTo(30);
        String firstCode = cluster.lastCode(phone).orElseThrow().code();

        BaseAuthSentCode second = (BaseAuthSentCode) call(client,
            new AuthResendCode(phone, first.phoneCodeHash(), null));
        assertThat(second.phoneCodeHash()).isEqualTo(first.phoneCodeHash());
        assertThat(second.type()).isEqualTo(new AuthSentCodeTypeCall(5));
        assertThat(second.nextType()).isEqualTo(new AuthCodeTypeSms());
        BaseAuthSentCode third = (BaseAuthSentCode) call(client,
            new AuthResendCode(phone, first.phoneCodeHash(), null));
        assertThat(third.type()).isEqualTo(new AuthSentCodeTypeSms(5));
        assertThat(third.nextType()).isNull();
        assertThat(third.timeout()).isNull();
        assertThat(error(client.invoke(new AuthResendCode(phone, first.phoneCodeHash(), null))))
            .satisfies(e -> assertThat(e.code()).isEqualTo(406))
            .satisfies(e -> assertThat(e.errorMessage()).isEqualTo("SEND_CODE_UNAVAILABLE"));
        assertThat(codes).filteredOn(c -> c.phone().equals("442079461001")).extracting(LoginCode::type)
            .containsExactly(CodeDelivery.APP, CodeDelivery.CALL, CodeDelivery.SMS);
        assertThat(cluster.resentCodes(phone)).isEqualTo(2);

        // only the newest code works (a random code may repeat by chance: then there is nothing to tell apart)
        String last = cluster.lastCode(phone).orElseThrow().code();
        if (!last.equals(firstCode)) {
            assertThat(error(client.invoke(new AuthSignIn(phone, first.phoneCodeHash(), firstCode, null)))
                .errorMessage()).isEqualTo("PHONE_CODE_INVALID");
        }
        assertThat(call(client, new AuthSignIn(phone, first.phoneCodeHash(), last, null)))
            .isInstanceOf(AuthAuthorizationSignUpRequired.class);
    }

    @Test
    void aCodePastItsLifetimeCanBeResent() {
        String phone = "+44 20 7946 1002";
        MtprotoClient client = connect(cluster);
        BaseAuthSentCode sent = (BaseAuthSentCode) call(client, Logins.sendCode(phone));
        String code = cluster.lastCode(phone).orElseThrow().code();
        CLOCK.advance(LoginLimits.defaults().codeLifetime().plusSeconds(1));
        assertThat(error(client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), code, null))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
        BaseAuthSentCode again = (BaseAuthSentCode) call(client,
            new AuthResendCode(phone, sent.phoneCodeHash(), null));
        assertThat(again.type()).isEqualTo(new AuthSentCodeTypeCall(5));
        String fresh = cluster.lastCode(phone).orElseThrow().code();
        assertThat(call(client, new AuthSignIn(phone, sent.phoneCodeHash(), fresh, null)))
            .isInstanceOf(AuthAuthorizationSignUpRequired.class);
    }

    @Test
    void aCancelledHashNoLongerWorks() {
        String phone = "+44 20 7946 1003";
        MtprotoClient client = connect(cluster);
        BaseAuthSentCode sent = (BaseAuthSentCode) call(client, Logins.sendCode(phone));
        String code = cluster.lastCode(phone).orElseThrow().code();
        assertThat(call(client, new AuthCancelCode(phone, sent.phoneCodeHash()))).isTrue();
        assertThat(cluster.cancelledCodes(phone)).isEqualTo(1);
        assertThat(cluster.lastCode(phone)).isEmpty();
        assertThat(error(client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), code, null))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
        assertThat(error(client.invoke(new AuthResendCode(phone, sent.phoneCodeHash(), null))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
        assertThat(error(client.invoke(new AuthCancelCode(phone, sent.phoneCodeHash()))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
        assertThat(cluster.cancelledCodes("442079461003")).isEqualTo(1);
    }

    @Test
    void anUnregisteredNumberGetsPhoneNumberUnoccupiedThenSignsUp() {
        String phone = "+44 20 7946 1004";
        MtprotoClient client = connect(unoccupied);
        BaseAuthSentCode sent = (BaseAuthSentCode) call(client, Logins.sendCode(phone));
        assertThat(sent.type()).isEqualTo(new AuthSentCodeTypeSms(5));
        String code = unoccupied.lastCode(phone).orElseThrow().code();
        assertThat(error(client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), code, null))))
            .satisfies(e -> assertThat(e.code()).isEqualTo(400))
            .satisfies(e -> assertThat(e.errorMessage()).isEqualTo("PHONE_NUMBER_UNOCCUPIED"));
        BaseAuthAuthorization auth = (BaseAuthAuthorization) call(client,
            new AuthSignUp(false, phone, sent.phoneCodeHash(), "Un", "Occupied"));
        assertThat(unoccupied.user(phone)).hasValueSatisfying(a -> assertThat(a.id())
            .isEqualTo(((BaseUser) auth.user()).id()));
    }
}
