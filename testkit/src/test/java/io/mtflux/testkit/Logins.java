package io.mtflux.testkit;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.SrpClient;
import io.mtflux.core.crypto.SrpProof;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.MigrateException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.api.BaseInputCheckPasswordSRP;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
import io.mtflux.core.tl.api.account.AccountGetPassword;
import io.mtflux.core.tl.api.account.AccountPassword;
import io.mtflux.core.tl.api.auth.AuthAuthorization;
import io.mtflux.core.tl.api.auth.AuthCheckPassword;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Client-side login steps against a cluster, as the tests of this package use them. */
final class Logins {
    static final int API_ID = 12345;
    static final String API_HASH = "0123456789abcdef0123456789abcdef";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Logins() {
    }

    /** Calls {@code method} and waits for its result (up to {@link #TIMEOUT}). */
    static <T> T call(MtprotoClient client, TlMethod<T> method) {
        return client.invoke(method).block(TIMEOUT);
    }

    /** Waits for {@code call} to fail with an rpc error and returns it. */
    static RpcException error(Mono<?> call) {
        try {
            call.block(TIMEOUT);
        } catch (RpcException e) {
            return e;
        }
        throw new AssertionError("expected an rpc error");
    }

    /**
     * A client that surfaces every rpc error (no flood-wait sleeping, no migration followed: these tests check
     * what the server answers), starting on the cluster's default DC.
     */
    static MtprotoClient client(TestCluster cluster) {
        return client(cluster, 0);
    }

    static MtprotoClient client(TestCluster cluster, int startDc) {
        return MtprotoClient.create(ClientOptions.builder().apiId(API_ID).apiHash(API_HASH)
            .dcOptions(startDc == 0 ? cluster.dcOptions() : cluster.dcOptions(startDc))
            .retry(RpcRetry.none()).maxMigrations(0)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(500)).equalJitter()).build());
    }

    static AuthSendCode sendCode(String phone) {
        return new AuthSendCode(phone, API_ID, API_HASH, CodeSettings.builder().build());
    }

    /** auth.sendCode on the home DC, following one PHONE_MIGRATE (and making that DC the home DC). */
    static Mono<BaseAuthSentCode> sendCodeFollowingMigration(MtprotoClient client, String phone) {
        return client.invoke(sendCode(phone))
            .onErrorResume(MigrateException.class, e -> client.setHomeDc(e.dcId())
                .then(client.invoke(e.dcId(), sendCode(phone))))
            .cast(BaseAuthSentCode.class);
    }

    /** account.getPassword, the SRP proof for {@code password}, auth.checkPassword. */
    static Mono<AuthAuthorization> checkPassword(MtprotoClient client, String password) {
        return client.invoke(new AccountGetPassword()).flatMap(p -> proof(p, password)
            .flatMap(proof -> client.invoke(new AuthCheckPassword(
                new BaseInputCheckPasswordSRP(p.srpId(), proof.a(), proof.m1())))));
    }

    static Mono<SrpProof> proof(AccountPassword p, String password) {
        PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow algo =
            (PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow) p.currentAlgo();
        return SrpClient.computeProofAsync(password.getBytes(StandardCharsets.UTF_8), algo.salt1(), algo.salt2(),
            algo.g(), algo.p(), p.srpB(), RandomSource.secure());
    }
}
