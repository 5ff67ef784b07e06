package io.mtflux.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.url.OpenedSessionStore;
import io.mtflux.store.url.StoreForm;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Sessions in the application's own R2DBC ConnectionFactory (Spring Boot's spring.r2dbc.*) when the url is unset. */
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
