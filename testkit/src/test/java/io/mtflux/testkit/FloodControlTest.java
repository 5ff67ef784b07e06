package io.mtflux.testkit;

import static io.mtflux.testkit.Logins.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Code expiry and flood waits, on a cluster whose clock the test moves (the Java API, without the extension). */
class FloodControlTest {
    private static final String PHONE = "+7 900 000 0001";
    private static final String TWO_FA = "+7 900 000 0002";
    private static final MutableClock CLOCK = new MutableClock();
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = Testkit.cluster().dcs(1).clock(CLOCK)
            .user(TestUser.of(PHONE).code("12345"), TestUser.of(TWO_FA).password("s3cret", null).code("12345"))
            .limits(LoginLimits.defaults().withWrongCodesPerPhone(3).withWrongPasswordsPerUser(2)
                .withMaxCodeAttempts(10).withCodeLifetime(Duration.ofMinutes(2))
                .withFloodWindow(Duration.ofMinutes(10)))
            .start().block(Logins.TIMEOUT);
    }

    @AfterAll
    static void stop() {
        cluster.stop().block(Logins.TIMEOUT);
    }

    @Test
    void aCodeExpiresAfterItsLifetime() {
        MtprotoClient client = Logins.client(cluster);
        try {
            client.connect().block(Logins.TIMEOUT);
            assertThat(cluster.dcOptions().defaultDc()).isEqualTo(1);
            BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(Logins.sendCode(PHONE)).block(Logins.TIMEOUT);
            assertThat(sent.timeout()).isEqualTo(60);
            CLOCK.advance(Duration.ofMinutes(3));
            assertThat(cluster.lastCode(PHONE)).isEmpty();
            assertThat(error(client.invoke(new AuthSignIn(PHONE, sent.phoneCodeHash(), "12345", null)))
                .errorMessage()).isEqualTo("PHONE_CODE_EXPIRED");
        } finally {
            client.close().block(Logins.TIMEOUT);
        }
    }

    @Test
    void wrongCodesThenAFloodWaitThatTheClockEnds() {
        MtprotoClient client = Logins.client(cluster);
        try {
            client.connect().block(Logins.TIMEOUT);
            BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(Logins.sendCode(PHONE)).block(Logins.TIMEOUT);
            for (int i = 0; i < 3; i++) {
                assertThat(error(client.invoke(new AuthSignIn(PHONE, sent.phoneCodeHash(), "99999", null)))
                    .errorMessage()).isEqualTo("PHONE_CODE_INVALID");
            }
            RpcException flood = error(client.invoke(new AuthSignIn(PHONE, sent.phoneCodeHash(), "12345", null)));
            assertThat(flood).isInstanceOf(FloodWaitException.class);
            assertThat(((FloodWaitException) flood).seconds()).isBetween(1L, 600L);
            CLOCK.advance(Duration.ofMinutes(11));
            BaseAuthSentCode again = (BaseAuthSentCode) client.invoke(Logins.sendCode(PHONE))
                .block(Logins.TIMEOUT);
            assertThat(client.invoke(new AuthSignIn(PHONE, again.phoneCodeHash(), "12345", null))
                .block(Logins.TIMEOUT)).isInstanceOf(BaseAuthAuthorization.class);
        } finally {
            client.close().block(Logins.TIMEOUT);
        }
    }

    @Test
    void wrongPasswordsThenAFloodWait() {
        MtprotoClient client = Logins.client(cluster);
        try {
            client.connect().block(Logins.TIMEOUT);
            BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(Logins.sendCode(TWO_FA)).block(Logins.TIMEOUT);
            assertThatThrownBy(() -> client.invoke(new AuthSignIn(TWO_FA, sent.phoneCodeHash(), "12345", null))
                .block(Logins.TIMEOUT)).isInstanceOf(RpcException.class)
                .hasMessageContaining("SESSION_PASSWORD_NEEDED");
            for (int i = 0; i < 2; i++) {
                assertThat(error(Logins.checkPassword(client, "guess" + i)).errorMessage())
                    .isEqualTo("PASSWORD_HASH_INVALID");
            }
            assertThat(error(Logins.checkPassword(client, "s3cret"))).isInstanceOf(FloodWaitException.class);
            CLOCK.advance(Duration.ofMinutes(11));
            assertThat(Logins.checkPassword(client, "s3cret").block(Logins.TIMEOUT))
                .isInstanceOf(BaseAuthAuthorization.class);
        } finally {
            client.close().block(Logins.TIMEOUT);
        }
    }
}
