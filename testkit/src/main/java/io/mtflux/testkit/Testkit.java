package io.mtflux.testkit;


/**
 * The entry point of the testkit: an embedded cluster of fake Telegram DCs on loopback that speak real MTProto
 * 2.0 and the login API, for tests and demos.
 *
 * <pre>{@code
 * TestCluster cluster = Testkit.cluster().dcs(3)
 *     .user(TestUser.of("+1 555 000 1111").dc(2).password("hunter2", "pet"))
 *     .bot(TestBot.of("123456:AAEsecret"))
 *     .start().block();
 * MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
 *     .apiId(1).apiHash("x").dcOptions(cluster.dcOptions()).build());
 * }</pre>
 */
public final class Testkit {
    private Testkit() {
    }

    /** @return a builder of a cluster (3 DCs on 127.0.0.1, free ports, a generated RSA key by default) */
    public static TestCluster.Builder cluster() {
        return TestCluster.builder();
    }
}
