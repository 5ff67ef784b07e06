package io.mtflux.testkit;

import static io.mtflux.testkit.Logins.call;
import static io.mtflux.testkit.Logins.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.SrpProof;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.MigrateException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.UnauthorizedException;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.Config;
import io.mtflux.core.tl.api.BaseInputCheckPasswordSRP;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.account.AccountAuthorizations;
import io.mtflux.core.tl.api.account.AccountGetAuthorizations;
import io.mtflux.core.tl.api.account.AccountGetPassword;
import io.mtflux.core.tl.api.account.AccountPassword;
import io.mtflux.core.tl.api.auth.AuthAuthorization;
import io.mtflux.core.tl.api.auth.AuthAuthorizationSignUpRequired;
import io.mtflux.core.tl.api.auth.AuthCancelCode;
import io.mtflux.core.tl.api.auth.AuthCheckPassword;
import io.mtflux.core.tl.api.auth.AuthExportAuthorization;
import io.mtflux.core.tl.api.auth.AuthExportedAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportBotAuthorization;
import io.mtflux.core.tl.api.auth.AuthLogOut;
import io.mtflux.core.tl.api.auth.AuthResendCode;
import io.mtflux.core.tl.api.auth.AuthResetAuthorizations;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSms;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.AuthSignUp;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.help.HelpAcceptTermsOfService;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.core.tl.api.help.HelpGetCountriesList;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.updates.UpdatesState;
import io.mtflux.core.tl.api.users.UsersGetFullUser;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.core.tl.api.users.UsersUserFull;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real MtprotoClient logging in to a 3-DC cluster over loopback TCP. */
class ClusterLoginTest {
    static final String ANN = "+1 (555) 000-1111";
    static final String BOB_2FA = "+15550002222";
    static final String CAROL = "15550003333";
    static final String BOT_TOKEN = "123456:AAE-secret-token";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .user(TestUser.of(ANN).dc(3).name("Ann", "Lee").username("ann"),
            TestUser.of(BOB_2FA).dc(2).name("Bob", "Stone").password("hunter2", "pet"),
            TestUser.of(CAROL).dc(1).name("Carol", "").code("24680"))
        .bot(TestBot.of(BOT_TOKEN).dc(1).name("Helper"))
        .limits(LoginLimits.defaults().withSendCodesPerPhone(3)));

    private final List<MtprotoClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        for (MtprotoClient c : clients) {
            c.close().block(Logins.TIMEOUT);
        }
    }

    private MtprotoClient connect(TestCluster cluster, int startDc) {
        MtprotoClient client = Logins.client(cluster, startDc);
        clients.add(client);
        client.connect().block(Logins.TIMEOUT);
        return client;
    }

    @Test
    void signUpOfANewTestNumberAfterMigratingToItsDc(TestCluster cluster) {
        String phone = "+999 66 3 1234";
        MtprotoClient client = connect(cluster, 2);
        List<LoginCode> seen = new ArrayList<>();
        cluster.codes().subscribe(seen::add);
        BaseAuthSentCode sent = Logins.sendCodeFollowingMigration(client, phone).block(Logins.TIMEOUT);
        assertThat(client.session().homeDc()).isEqualTo(3);
        assertThat(sent.type()).isEqualTo(new AuthSentCodeTypeSms(5));
        assertThat(seen).contains(new LoginCode("9996631234", "33333", 3, CodeDelivery.SMS));
        AuthAuthorization answer = call(client, new AuthSignIn(phone, sent.phoneCodeHash(), "33333", null));
        assertThat(answer).isInstanceOf(AuthAuthorizationSignUpRequired.class);
        AuthAuthorizationSignUpRequired required = (AuthAuthorizationSignUpRequired) answer;
        assertThat(required.termsOfService()).isNotNull();

        BaseAuthAuthorization auth = (BaseAuthAuthorization) call(client,
            new AuthSignUp(false, phone, sent.phoneCodeHash(), "Neo", "Anderson"));
        BaseUser me = (BaseUser) auth.user();
        assertThat(me.self()).isTrue();
        assertThat(me.firstName()).isEqualTo("Neo");
        assertThat(me.phone()).isEqualTo("9996631234");
        assertThat(call(client, new HelpAcceptTermsOfService(required.termsOfService().id()))).isTrue();
        assertThat(call(client, new UpdatesGetState())).isInstanceOf(UpdatesState.class);
        List<User> self = call(client, new UsersGetUsers(List.of(new InputUserSelf())));
        assertThat(self).singleElement().satisfies(u -> assertThat(((BaseUser) u).id()).isEqualTo(me.id()));
        assertThat(cluster.user(phone)).hasValueSatisfying(a -> assertThat(a.homeDc()).isEqualTo(3));
        // the code is used up: signing up again with it fails
        assertThat(error(client.invoke(new AuthSignUp(false, phone, sent.phoneCodeHash(), "Neo", "A")))
            .errorMessage()).isEqualTo("PHONE_CODE_EXPIRED");
    }

    @Test
    void anExistingUserIsSentToItsHomeDcThenLogsIn(TestCluster cluster) {
        MtprotoClient client = connect(cluster, 2);
        RpcException migrate = error(client.invoke(Logins.sendCode(ANN)));
        assertThat(migrate).isInstanceOf(MigrateException.class);
        assertThat(migrate.errorMessage()).isEqualTo("PHONE_MIGRATE_3");
        client.setHomeDc(3).block(Logins.TIMEOUT);
        BaseAuthSentCode sent = (BaseAuthSentCode) call(client, Logins.sendCode("15550001111"));
        String code = cluster.lastCode(ANN).orElseThrow().code();
        BaseAuthAuthorization auth = (BaseAuthAuthorization) call(client,
            new AuthSignIn(ANN, sent.phoneCodeHash(), code, null));
        BaseUser me = (BaseUser) auth.user();
        assertThat(me.id()).isEqualTo(cluster.user(ANN).orElseThrow().id());
        assertThat(me.username()).isEqualTo("ann");
        UsersUserFull full = call(client, new UsersGetFullUser(new InputUserSelf()));
        assertThat(full.fullUser().id()).isEqualTo(me.id());
        assertThat(call(client, new UpdatesGetState())).isNotNull();
    }

    @Test
    void twoFactorLoginWithSrp(TestCluster cluster) {
        MtprotoClient client = connect(cluster, 2);
        BaseAuthSentCode sent = Logins.sendCodeFollowingMigration(client, BOB_2FA).block(Logins.TIMEOUT);
        String code = cluster.lastCode(BOB_2FA).orElseThrow().code();
        RpcException needed = error(client.invoke(new AuthSignIn(BOB_2FA, sent.phoneCodeHash(), code, null)));
        assertThat(needed).isInstanceOf(UnauthorizedException.class);
        assertThat(needed.code()).isEqualTo(401);
        assertThat(needed.errorMessage()).isEqualTo("SESSION_PASSWORD_NEEDED");
        assertThat(error(client.invoke(new UpdatesGetState())).errorMessage()).isEqualTo("SESSION_PASSWORD_NEEDED");

        AccountPassword first = call(client, new AccountGetPassword());
        AccountPassword second = call(client, new AccountGetPassword());
        assertThat(first.hasPassword()).isTrue();
        assertThat(first.hint()).isEqualTo("pet");
        assertThat(first.srpB()).hasSize(256);
        assertThat(first.srpId()).isNotEqualTo(second.srpId());
        assertThat(first.srpB()).isNotEqualTo(second.srpB());

        assertThat(error(Logins.checkPassword(client, "wrong")).errorMessage()).isEqualTo("PASSWORD_HASH_INVALID");
        // an srp_id is good for one try
        SrpProof proof = Logins.proof(first, "hunter2").block(Logins.TIMEOUT);
        AuthCheckPassword reuse = new AuthCheckPassword(new BaseInputCheckPasswordSRP(first.srpId(), proof.a(),
            proof.m1()));
        assertThat(call(client, reuse)).isInstanceOf(BaseAuthAuthorization.class);
        assertThat(error(client.invoke(reuse)).errorMessage()).isEqualTo("SRP_ID_INVALID");
        List<User> self = call(client, new UsersGetUsers(List.of(new InputUserSelf())));
        assertThat(((BaseUser) self.get(0)).firstName()).isEqualTo("Bob");
    }

    @Test
    void aWrongCodeThenTheRightOne(TestCluster cluster) {
        String phone = "+44 20 7946 0001";
        MtprotoClient client = connect(cluster, 2);
        BaseAuthSentCode sent = Logins.sendCodeFollowingMigration(client, phone).block(Logins.TIMEOUT);
        String code = cluster.lastCode(phone).orElseThrow().code();
        String wrong = code.equals("00000") ? "11111" : "00000";
        assertThat(error(client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), wrong, null))).errorMessage())
            .isEqualTo("PHONE_CODE_INVALID");
        assertThat(error(client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), "", null))).errorMessage())
            .isEqualTo("PHONE_CODE_EMPTY");
        assertThat(error(client.invoke(new AuthSignIn(phone, "nope", code, null))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
        assertThat(error(client.invoke(new AuthSignIn("12ab", sent.phoneCodeHash(), code, null))).errorMessage())
            .isEqualTo("PHONE_NUMBER_INVALID");
        assertThat(call(client, new AuthSignIn(phone, sent.phoneCodeHash(), code, null)))
            .isInstanceOf(AuthAuthorizationSignUpRequired.class);
        // the same code a second time
        assertThat(error(client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), code, null))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
    }

    @Test
    void tooManyWrongCodesExpireTheCode(TestCluster cluster) {
        String phone = "+44 20 7946 0002";
        MtprotoClient client = connect(cluster, 2);
        BaseAuthSentCode sent = Logins.sendCodeFollowingMigration(client, phone).block(Logins.TIMEOUT);
        String code = cluster.lastCode(phone).orElseThrow().code();
        String wrong = code.equals("00000") ? "11111" : "00000";
        for (int i = 0; i < LoginLimits.defaults().maxCodeAttempts(); i++) {
            assertThat(error(client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), wrong, null)))
                .errorMessage()).isEqualTo("PHONE_CODE_INVALID");
        }
        assertThat(error(client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), code, null))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
        // a resend of an expired code fails too; a new sendCode works
        assertThat(error(client.invoke(new AuthResendCode(phone, sent.phoneCodeHash(), null))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
        BaseAuthSentCode again = (BaseAuthSentCode) call(client, Logins.sendCode(phone));
        assertThat(again.phoneCodeHash()).isNotEqualTo(sent.phoneCodeHash());
        assertThat(call(client, new AuthCancelCode(phone, again.phoneCodeHash()))).isTrue();
        assertThat(cluster.lastCode(phone)).isEmpty();
    }

    @Test
    void floodWaitAfterTooManyCodes(TestCluster cluster) {
        String phone = "+49 30 1234 5678";
        MtprotoClient client = connect(cluster, 2);
        BaseAuthSentCode sent = Logins.sendCodeFollowingMigration(client, phone).block(Logins.TIMEOUT);
        call(client, new AuthResendCode(phone, sent.phoneCodeHash(), null));
        call(client, Logins.sendCode(phone));
        RpcException flood = error(client.invoke(Logins.sendCode(phone)));
        assertThat(flood).isInstanceOf(FloodWaitException.class);
        assertThat(flood.code()).isEqualTo(420);
        assertThat(((FloodWaitException) flood).seconds()).isBetween(1L, 3600L);
    }

    @Test
    void botLoginOnItsHomeDc(TestCluster cluster) {
        MtprotoClient client = connect(cluster, 2);
        RpcException migrate = error(client.invoke(
            new AuthImportBotAuthorization(0, Logins.API_ID, Logins.API_HASH, BOT_TOKEN)));
        assertThat(migrate.errorMessage()).isEqualTo("USER_MIGRATE_1");
        assertThat(error(client.invoke(1, new AuthImportBotAuthorization(0, Logins.API_ID, Logins.API_HASH,
            "123456:wrong"))).errorMessage()).isEqualTo("ACCESS_TOKEN_INVALID");
        BaseAuthAuthorization auth = (BaseAuthAuthorization) client.invoke(1,
            new AuthImportBotAuthorization(0, Logins.API_ID, Logins.API_HASH, BOT_TOKEN)).block(Logins.TIMEOUT);
        BaseUser bot = (BaseUser) auth.user();
        assertThat(bot.bot()).isTrue();
        assertThat(bot.id()).isEqualTo(123456L);
        assertThat(bot.firstName()).isEqualTo("Helper");
    }

    @Test
    void authorizationExportedToAnotherDc(TestCluster cluster) {
        MtprotoClient client = connect(cluster, 3);
        loginAnn(cluster, client);
        assertThat(error(client.invoke(new AuthExportAuthorization(3))).errorMessage()).isEqualTo("DC_ID_INVALID");
        AuthExportedAuthorization exported = call(client, new AuthExportAuthorization(1));
        long annId = cluster.user(ANN).orElseThrow().id();
        assertThat(exported.id()).isEqualTo(annId);
        // (the client would copy the authorization by itself before any other call on DC 1: import it by hand)
        BaseAuthAuthorization imported = (BaseAuthAuthorization) client.invoke(1,
            new AuthImportAuthorization(exported.id(), exported.bytes())).block(Logins.TIMEOUT);
        assertThat(((BaseUser) imported.user()).id()).isEqualTo(annId);
        List<User> onDc1 = client.invoke(1, new UsersGetUsers(List.of(new InputUserSelf()))).block(Logins.TIMEOUT);
        assertThat(onDc1).singleElement().satisfies(u -> assertThat(((BaseUser) u).id()).isEqualTo(annId));
        // account data lives on DC 3
        assertThat(error(client.invoke(1, new UpdatesGetState())).errorMessage()).isEqualTo("USER_MIGRATE_3");
        // an export is good once, and only on its target DC
        assertThat(error(client.invoke(1, new AuthImportAuthorization(exported.id(), exported.bytes())))
            .errorMessage()).isEqualTo("AUTH_BYTES_INVALID");
        AuthExportedAuthorization forDc1 = call(client, new AuthExportAuthorization(1));
        assertThat(error(client.invoke(2, new AuthImportAuthorization(forDc1.id(), forDc1.bytes())))
            .errorMessage()).isEqualTo("AUTH_BYTES_INVALID");
    }

    @Test
    void beforeLoginOnlyTheLoginMethodsAnswer(TestCluster cluster) {
        MtprotoClient client = connect(cluster, 2);
        RpcException unregistered = error(client.invoke(new UpdatesGetState()));
        assertThat(unregistered.code()).isEqualTo(401);
        assertThat(unregistered.errorMessage()).isEqualTo("AUTH_KEY_UNREGISTERED");
        assertThat(error(client.invoke(new UsersGetUsers(List.of(new InputUserSelf())))).errorMessage())
            .isEqualTo("AUTH_KEY_UNREGISTERED");
        assertThat(error(client.invoke(new AccountGetAuthorizations())).code()).isEqualTo(401);
        Config config = call(client, new HelpGetConfig());
        assertThat(config.thisDc()).isEqualTo(2);
        assertThat(config.dcOptions()).hasSize(3);
        for (var option : config.dcOptions()) {
            assertThat(option.ipAddress()).isEqualTo("127.0.0.1");
            assertThat(option.port()).isEqualTo(cluster.dc(option.id()).port());
        }
        assertThat(call(client, new HelpGetNearestDc())).isEqualTo(new NearestDc("ZZ", 2, 2));
        AccountPassword none = call(client, new AccountGetPassword());
        assertThat(none.hasPassword()).isFalse();
        RpcException unknown = error(client.invoke(new HelpGetCountriesList("en", 0)));
        assertThat(unknown.code()).isEqualTo(400);
        assertThat(unknown.errorMessage()).isEqualTo("METHOD_INVALID");
    }

    @Test
    void sessionsAreListedResetAndLoggedOut(TestCluster cluster) {
        MtprotoClient first = connect(cluster, 1);
        MtprotoClient second = connect(cluster, 1);
        List<LoginCode> carolCodes = new ArrayList<>();
        var subscription = cluster.codes().subscribe(carolCodes::add);
        login(cluster, first, CAROL, 1);
        subscription.dispose();
        assertThat(carolCodes).contains(new LoginCode(CAROL, "24680", 1, CodeDelivery.SMS));
        login(cluster, second, CAROL, 1);
        assertThat(cluster.lastCode(CAROL)).isEmpty();
        AccountAuthorizations list = call(first, new AccountGetAuthorizations());
        assertThat(list.authorizations()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(list.authorizations()).filteredOn(a -> a.current()).hasSize(1);
        assertThat(call(first, new AuthResetAuthorizations())).isTrue();
        assertThat(error(second.invoke(new UpdatesGetState())).errorMessage()).isEqualTo("SESSION_REVOKED");
        assertThat(call(first, new AccountGetAuthorizations()).authorizations()).hasSize(1);
        call(first, new AuthLogOut());
        assertThat(error(first.invoke(new UpdatesGetState())).errorMessage()).isEqualTo("AUTH_KEY_UNREGISTERED");
    }

    @Test
    void theCodesFluxDeliversEachSentCode(TestCluster cluster) {
        String phone = "+1 555 000 9999";
        List<LoginCode> before = new ArrayList<>();
        var subscription = cluster.codes().filter(c -> c.phone().equals("15550009999")).subscribe(before::add);
        MtprotoClient client = connect(cluster, 2);
        Logins.sendCodeFollowingMigration(client, phone).block(Logins.TIMEOUT);
        subscription.dispose();
        assertThat(before).singleElement().satisfies(c -> {
            assertThat(c.dcId()).isEqualTo(cluster.homeDcOf(phone));
            assertThat(c.code()).hasSize(5).containsOnlyDigits();
        });
    }

    private static void loginAnn(TestCluster cluster, MtprotoClient client) {
        login(cluster, client, ANN, 3);
    }

    private static void login(TestCluster cluster, MtprotoClient client, String phone, int dc) {
        client.setHomeDc(dc).block(Logins.TIMEOUT);
        BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(dc, Logins.sendCode(phone)).block(Logins.TIMEOUT);
        String code = cluster.lastCode(phone).orElseThrow().code();
        client.invoke(dc, new AuthSignIn(phone, sent.phoneCodeHash(), code, null)).block(Logins.TIMEOUT);
    }
}
