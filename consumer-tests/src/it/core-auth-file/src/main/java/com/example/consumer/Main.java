package com.example.consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.auth.AuthClient;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.mtproto.ReqPqMulti;
import io.mtflux.store.file.Argon2Params;
import io.mtflux.store.file.FileSessionStore;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.Testkit;
import io.netty.util.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user's program on the classpath the BOM gave it: TL through Netty buffers, a bot login over Reactor Netty
 * against an embedded cluster, measured by Micrometer, the session saved encrypted (BouncyCastle's Argon2) in a
 * file and read back.
 * Any failure ends it with an exception (exit code 1); the consumer test looks for the last line.
 */
public final class Main {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "700001:AAE-consumer-bot-token";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // one Netty on the classpath: the mixed Netty the BOM exists to prevent shows here first
        Map<String, String> netty = new TreeMap<>();
        Version.identify().forEach((artifact, version) -> netty.put(artifact, version.artifactVersion()));
        if (netty.isEmpty() || netty.values().stream().distinct().count() != 1) {
            throw new IllegalStateException("expected one Netty version on the classpath, found " + netty);
        }

        byte[] nonce = RandomSource.secure().bytes(16);
        byte[] bytes = Tl.serialize(new ReqPqMulti(nonce));
        TlObject back = Tl.deserialize(bytes);
        if (!(back instanceof ReqPqMulti) || !Arrays.equals(Tl.serialize(back), bytes)) {
            throw new IllegalStateException("TL round trip changed " + back);
        }

        Path dir = Files.createTempDirectory("mtflux-consumer");
        SessionStore store = FileSessionStore.directory(dir)
            .passphrase("consumer".toCharArray())
            .argon2(new Argon2Params(1024, 1, 1))
            .build();
        TestCluster cluster = Testkit.cluster().dcs(1).bot(TestBot.of(TOKEN).dc(1).name("Consumer"))
            .start().block(WAIT);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try {
            MtprotoClient client = MtprotoClient.create(ClientOptions.builder().apiId(1).apiHash("consumer")
                .dcOptions(cluster.dcOptions(1)).sessionStore(store).accountId("bot").meterRegistry(meters).build());
            client.connect().block(WAIT);
            User bot;
            try {
                bot = AuthClient.create(client).importBotAuthorization(TOKEN).block(WAIT);
            } finally {
                client.close().block(WAIT);
            }
            SessionState saved = store.load("bot").block(WAIT);
            if (saved == null || saved.userId() == null || !saved.bot()) {
                throw new IllegalStateException("the file store did not keep the bot login: " + saved);
            }
            long calls = meters.find("mtproto.rpc").timers().stream().mapToLong(timer -> timer.count()).sum();
            if (calls == 0) {
                throw new IllegalStateException("Micrometer measured no call: " + meters.getMetersAsString());
            }
            System.out.println("Netty " + netty.values().iterator().next() + "; logged in as " + bot.getClass()
                .getSimpleName() + " " + saved.userId() + " in " + calls + " measured calls; session in " + store);
        } finally {
            cluster.stop().block(WAIT);
        }
        System.out.println("mtflux consumer: ok");
    }
}
