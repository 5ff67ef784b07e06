package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** Every AuthClient call against a 3-DC testkit cluster, with migration, 2FA, sign-up and typed errors. */
class AuthClientTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .user(TestUser.of("+1 555 000 1111").dc(3).name("Ann", "Lee"))
        .user(TestUser.of("+1 555 000 2222").dc(2).name("Bob", "Ray").password("hunter2", "pet"))
        .bot(TestBot.of("123456:AAE-secret-token").dc(2).name("Helper")));

    private MtprotoClient client;
    private final InMemorySessionStore store = new InMemorySessionStore();

    private AuthClient connect(TestCluster cluster) {
        client = MtprotoClient.create(ClientOptions.builder().apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(store).build());
        client.connect().block(WAIT);
        return AuthClient.create(client);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close().block(WAIT);
        }
    }

    private static String codeOf(TestCluster cluster, String phone) {
        return cluster.lastCode(phone).orElseThrow().code();
    }

    @Test
    void existingUserOnAnotherDcLogsInAfterPhoneMigrate(TestCluster cluster) {
        AuthClient auth = connect(cluster);
        assertThat(auth.isAuthorized().block(WAIT)).isFalse();
        SentCode.CodeSent sent = (SentCode.CodeSent) auth.sendCode("+1 555 000 1111").block(WAIT);
        assertThat(sent.dcId()).isEqualTo(3);
        assertThat(client.session().homeDc()).isEqualTo(3);
        SignInResult result = auth.signIn(sent, codeOf(cluster, "+1 555 000 1111")).block(WAIT);
        assertThat(result).isInstanceOfSatisfying(SignInResult.Authorized.class,
            a -> assertThat(((BaseUser) a.user()).firstName()).isEqualTo("Ann"));
        assertThat(auth.isAuthorized().block(WAIT)).isTrue();
        SessionState saved = store.load("default").block(WAIT);
        assertThat(saved.homeDc()).isEqualTo(3);
        assertThat(saved.dc(3).orElseThrow().authorized()).isTrue();
        assertThat(saved.userId()).isEqualTo(((BaseUser) auth.me().block(WAIT)).id());
    }

    @Test
    void wrongCodeIsTypedAndTheRightOneWorks(TestCluster cluster) {
        AuthClient auth = connect(cluster);
        SentCode.CodeSent sent = (SentCode.CodeSent) auth.sendCode("+1 555 000 1111").block(WAIT);
        String code = codeOf(cluster, "+1 555 000 1111");
        String wrong = code.equals("00000") ? "11111" : "00000";
        StepVerifier.create(auth.signIn(sent, wrong)).expectError(PhoneCodeInvalidException.class).verify(WAIT);
        StepVerifier.create(auth.signIn(sent, "")).expectError(PhoneCodeEmptyException.class).verify(WAIT);
        assertThat(auth.signIn(sent, code).block(WAIT)).isInstanceOf(SignInResult.Authorized.class);
    }

    @Test
    void twoFactorLoginWithSrp(TestCluster cluster) {
        AuthClient auth = connect(cluster);
        SentCode.CodeSent sent = (SentCode.CodeSent) auth.sendCode("+1 555 000 2222").block(WAIT);
        StepVerifier.create(auth.signIn(sent, codeOf(cluster, "+1 555 000 2222")))
            .expectError(SessionPasswordNeededException.class).verify(WAIT);
        assertThat(auth.getPassword().block(WAIT).hint()).isEqualTo("pet");
        StepVerifier.create(auth.checkPassword("wrong")).expectError(PasswordHashInvalidException.class).verify(WAIT);
        User user = auth.checkPassword("hunter2").block(WAIT);
        assertThat(((BaseUser) user).firstName()).isEqualTo("Bob");
        assertThat(auth.isAuthorized().block(WAIT)).isTrue();
    }

    @Test
    void newTestNumberSignsUp(TestCluster cluster) {
        AuthClient auth = connect(cluster);
        String phone = "9996621" + (100 + (int) (Math.random() * 899));
        SentCode.CodeSent sent = (SentCode.CodeSent) auth.sendCode(phone).block(WAIT);
        assertThat(sent.dcId()).isEqualTo(2);
        SignInResult result = auth.signIn(sent, "22222").block(WAIT);
        assertThat(result).isInstanceOf(SignInResult.SignUpRequired.class);
        SignInResult.SignUpRequired required = (SignInResult.SignUpRequired) result;
        User user = auth.signUp(sent, "New", "Person").block(WAIT);
        assertThat(((BaseUser) user).firstName()).isEqualTo("New");
        // the terms are accepted once logged in (help.acceptTermsOfService needs an authorized key)
        if (required.termsOfService() != null) {
            assertThat(auth.acceptTermsOfService(required.termsOfService()).block(WAIT)).isTrue();
        }
        assertThat(auth.me().block(WAIT)).isEqualTo(user);
    }

    @Test
    void botLoginAndBadToken(TestCluster cluster) {
        AuthClient auth = connect(cluster);
        StepVerifier.create(auth.importBotAuthorization("123456:wrong"))
            .expectError(AccessTokenInvalidException.class).verify(WAIT);
        User bot = auth.importBotAuthorization("123456:AAE-secret-token").block(WAIT);
        assertThat(((BaseUser) bot).bot()).isTrue();
        assertThat(store.load("default").block(WAIT).bot()).isTrue();
    }

    @Test
    void qrLoginAcceptedFromAnotherSession(TestCluster cluster) {
        AuthClient waiting = connect(cluster);
        QrLoginStep first = waiting.exportLoginToken().block(WAIT);
        assertThat(first).isInstanceOf(QrLoginStep.Token.class);
        assertThat(((QrLoginStep.Token) first).url()).startsWith("tg://login?token=");
        MtprotoClient otherClient = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).build());
        try {
            otherClient.connect().block(WAIT);
            AuthClient other = AuthClient.create(otherClient);
            SentCode.CodeSent sent = (SentCode.CodeSent) other.sendCode("+1 555 000 1111").block(WAIT);
            other.signIn(sent, codeOf(cluster, "+1 555 000 1111")).block(WAIT);
            other.acceptLoginToken(((QrLoginStep.Token) first).token()).block(WAIT);
        } finally {
            otherClient.close().block(WAIT);
        }
        QrLoginStep done = waiting.exportLoginToken().block(WAIT);
        assertThat(done).isInstanceOfSatisfying(QrLoginStep.Authorized.class,
            a -> assertThat(((BaseUser) a.user()).firstName()).isEqualTo("Ann"));
        assertThat(client.session().homeDc()).isEqualTo(3);
        assertThat(waiting.isAuthorized().block(WAIT)).isTrue();
    }

    @Test
    void theUpdateStateFollowsResultsAndIsSavedOnClose(TestCluster cluster) {
        AuthClient auth = connect(cluster);
        SentCode.CodeSent sent = (SentCode.CodeSent) auth.sendCode("+1 555 000 1111").block(WAIT);
        auth.signIn(sent, codeOf(cluster, "+1 555 000 1111")).block(WAIT);
        client.invoke(io.mtflux.core.tl.api.messages.MessagesSendMessage.builder()
            .peer(new io.mtflux.core.tl.api.InputPeerSelf()).message("note to self").randomId(42L).build())
            .block(WAIT);
        int pts = client.currentUpdateState().pts();
        assertThat(pts).isPositive();
        client.close().block(WAIT);
        client = null;
        assertThat(store.load("default").block(WAIT).updateState().pts()).isEqualTo(pts);
    }

    @Test
    void invalidPhoneAndLogout(TestCluster cluster) {
        AuthClient auth = connect(cluster);
        StepVerifier.create(auth.sendCode("not a phone")).expectError(PhoneNumberInvalidException.class).verify(WAIT);
        SentCode.CodeSent sent = (SentCode.CodeSent) auth.sendCode("+1 555 000 1111").block(WAIT);
        auth.signIn(sent, codeOf(cluster, "+1 555 000 1111")).block(WAIT);
        auth.logOut().block(WAIT);
        assertThat(auth.isAuthorized().block(WAIT)).isFalse();
        assertThat(store.load("default").block(WAIT).userId()).isNull();
    }
}
