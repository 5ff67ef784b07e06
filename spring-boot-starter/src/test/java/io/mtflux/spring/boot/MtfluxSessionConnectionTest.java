package io.mtflux.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import io.mtflux.store.url.OpenedSessionStore;
import io.mtflux.store.url.StoreForm;
import io.r2dbc.spi.ConnectionFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.publisher.Flux;
import redis.embedded.RedisServer;
import reactor.core.publisher.Mono;

/**
 * Sessions in the application's own R2DBC ConnectionFactory (spring.r2dbc.*) or Lettuce client (spring.data.redis.*)
 * when the url is unset.
 */
class MtfluxSessionConnectionTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, MtfluxAutoConfiguration.class));

    @Test
    void withoutAUrlTheStoreIsOnTheApplicationsConnectionFactory() {
        runner.withPropertyValues("spring.r2dbc.url=r2dbc:h2:mem:///app-db?DB_CLOSE_DELAY=-1",
                "mtflux.session.key=" + "cd".repeat(32))
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(ConnectionFactory.class);
                assertThat(context.getBean(SessionStore.class)).isInstanceOf(R2dbcSessionStore.class);
                OpenedSessionStore opened = context.getBean(OpenedSessionStore.class);
                assertThat(opened.form()).isEqualTo(StoreForm.DATABASE);
                assertThat(opened.shown()).contains("R2DBC ConnectionFactory").contains("H2");
                // the tables are in the application's database: the application's connections see them
                ConnectionFactory factory = context.getBean(ConnectionFactory.class);
                Long accounts = Mono.usingWhen(factory.create(),
                    c -> Flux.from(c.createStatement("SELECT COUNT(*) FROM mtflux_account").execute())
                        .flatMap(r -> r.map((row, meta) -> row.get(0, Long.class))).next(),
                    c -> c.close()).block();
                assertThat(accounts).isZero();
            });
        // the same with the connection asked for by name
        runner.withPropertyValues("spring.r2dbc.url=r2dbc:h2:mem:///app-db2?DB_CLOSE_DELAY=-1",
                "mtflux.session.connection=r2dbc")
            .run(context -> assertThat(context.getBean(SessionStore.class)).isInstanceOf(R2dbcSessionStore.class));
    }

    @Test
    void inMemoryWithoutAConnectionFactoryOrTheAdapterOrWhenToldSo() {
        // no spring.r2dbc.url: Boot makes no ConnectionFactory (an embedded one needs a database on the class path:
        // H2 is, so turn it off)
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MtfluxAutoConfiguration.class))
            .run(context -> assertThat(context.getBean(SessionStore.class)).isInstanceOf(InMemorySessionStore.class));
        runner.withPropertyValues("spring.r2dbc.url=r2dbc:h2:mem:///app-db3?DB_CLOSE_DELAY=-1",
                "mtflux.session.connection=none")
            .run(context -> assertThat(context.getBean(SessionStore.class)).isInstanceOf(InMemorySessionStore.class));
        runner.withClassLoader(new FilteredClassLoader(R2dbcSessionStore.class))
            .withPropertyValues("spring.r2dbc.url=r2dbc:h2:mem:///app-db4?DB_CLOSE_DELAY=-1")
            .run(context -> assertThat(context.getBean(SessionStore.class)).isInstanceOf(InMemorySessionStore.class));
    }

    @Test
    void anR2dbcConnectionThatCannotBeServedStopsTheStartup() {
        failsWith(new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MtfluxAutoConfiguration.class)),
            "mtflux.session.connection=r2dbc needs exactly one R2DBC ConnectionFactory bean (spring.r2dbc.url, or the"
                + " application's own), found 0", "mtflux.session.connection=r2dbc");
        failsWith(runner.withClassLoader(new FilteredClassLoader(R2dbcSessionStore.class)),
            "mtflux.session.connection=r2dbc needs io.mtflux:mtflux-session-store-r2dbc on the class path",
            "spring.r2dbc.url=r2dbc:h2:mem:///app-db5", "mtflux.session.connection=r2dbc");
        failsWith(runner, "mtflux.session.url and mtflux.session.connection=r2dbc do not go together: the url opens"
            + " its own store",
            "mtflux.session.url=string:", "mtflux.session.connection=r2dbc");
    }

    @Test
    void withoutAUrlTheStoreIsOnTheApplicationsLettuceClient() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
            .setting("appendonly no").build();
        redis.start();
        try {
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                    MtfluxAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port,
                    "spring.data.redis.database=3")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SessionStore.class)).isInstanceOf(RedisSessionStore.class);
                    RedisSessionStore store = (RedisSessionStore) context.getBean(SessionStore.class);
                    OpenedSessionStore opened = context.getBean(OpenedSessionStore.class);
                    assertThat(opened.form()).isEqualTo(StoreForm.REDIS);
                    assertThat(opened.shown()).contains("Lettuce connection factory")
                        .contains("redis://127.0.0.1:" + port + "/3");
                    // the store writes where the application's connections read: same server, same database
                    store.acquire("ann", "here", Duration.ofSeconds(30)).block(Duration.ofSeconds(10));
                    LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
                    try (RedisConnection connection = factory.getConnection()) {
                        assertThat(connection.keyCommands().exists(store.keyOf("ann").replace("session", "lease")
                            .getBytes(StandardCharsets.UTF_8))).isTrue();
                    }
                    // closing the store closes its connection, not the application's client
                    opened.close().block(Duration.ofSeconds(10));
                    try (RedisConnection connection = factory.getConnection()) {
                        assertThat(connection.ping()).isEqualTo("PONG");
                    }
                });
            // both kinds of connection: the application chooses
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, DataRedisAutoConfiguration.class,
                    MtfluxAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.port=" + port, "spring.r2dbc.url=r2dbc:h2:mem:///both")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable root = context.getStartupFailure();
                    while (!(root instanceof MtfluxPropertiesException) && root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertThat(root).hasMessage("mtflux.session.connection=auto: the application has an R2DBC"
                        + " ConnectionFactory ('connectionFactory') and a Lettuce connection factory"
                        + " ('redisConnectionFactory'): choose with mtflux.session.connection=r2dbc, redis or none");
                });
        } finally {
            redis.stop();
        }
    }

    private static void failsWith(ApplicationContextRunner runner, String message, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (!(root instanceof MtfluxPropertiesException) && root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).isInstanceOf(MtfluxPropertiesException.class).hasMessage(message);
        });
    }
}
