package io.mtflux.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountManagerOptions;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.store.url.OpenedSessionStore;
import io.mtflux.store.url.SessionStoreOpenException;
import io.mtflux.store.url.SessionStoreUrlException;
import io.mtflux.store.url.SessionStores;
import io.mtflux.store.url.StoreForm;
import java.time.Duration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Mono;

/**
 * Auto-configuration of mtflux from {@code mtflux.*} ({@link MtfluxProperties}); every bean backs off when the
 * application defines its own of the same type:
 * <ul>
 *   <li>{@link ClientResources}, bound to the application's {@code MeterRegistry} and {@code ObservationRegistry}
 *       when it has them, shut down with the context;</li>
 *   <li>a {@link SessionStore} from {@code mtflux.session.url} (in memory when unset), closed with the
 *       context;</li>
 *   <li>an {@link MtprotoClient} when {@code mtflux.api-id} is set, closed with the context (it is not connected
 *       here: the application calls {@code connect()});</li>
 *   <li>an {@code AccountManager} when {@code mtflux-accounts} is on the class path and
 *       {@code mtflux.accounts.enabled=true}, closed with the context (its leases released);</li>
 *   <li>the web console ({@code mtflux-web}) under {@code mtflux.console.path} of the application's WebFlux server
 *       when {@code mtflux.console.enabled=true};</li>
 *   <li>a health indicator ({@code mtflux}) and an info contributor with Spring Boot's actuator.</li>
 * </ul>
 * Objects closed with the context are closed reactively: Spring waits for the {@code Mono} of their close method.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
    "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MtprotoClient.class)
@EnableConfigurationProperties(MtfluxProperties.class)
public class MtfluxAutoConfiguration {
    /** How long opening the session store may take at startup. */
    static final Duration OPEN = Duration.ofSeconds(30);

    /** The auto-configuration; Spring Boot creates it. */
    public MtfluxAutoConfiguration() {
    }

    /**
     * The session store of {@code mtflux.session.url}; when unset, on the application's R2DBC
     * {@code ConnectionFactory} or Lettuce client (see {@code mtflux.session.connection}), else in memory.
     *
     * @param properties the bound properties
     * @param beans the application's beans (its R2DBC or Lettuce connection factory)
     * @return the opened store with its closer; closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({SessionStore.class, OpenedSessionStore.class})
    public OpenedSessionStore mtfluxOpenedSessionStore(MtfluxProperties properties, ListableBeanFactory beans) {
        String url = properties.getSession().getUrl();
        if (url == null || url.isBlank()) {
            OpenedSessionStore shared = ApplicationConnections.session(properties, beans);
            return shared != null ? shared
                : new OpenedSessionStore(new InMemorySessionStore(), StoreForm.STRING, "memory", Mono::empty);
        }
        try {
            return SessionStores.open(url, properties.getSession().secrets()).block(OPEN);
        } catch (SessionStoreUrlException e) {
            throw new MtfluxPropertiesException("mtflux.session.url " + e.getMessage());
        } catch (SessionStoreOpenException e) {
            throw new MtfluxPropertiesException("cannot open mtflux.session.url " + e.getMessage());
        } catch (IllegalStateException e) {
            // block's timeout
            throw new MtfluxPropertiesException("cannot open mtflux.session.url " + SessionStores.redacted(url)
                + " within " + OPEN.toSeconds() + " s");
        }
    }

    /**
     * The store of {@link #mtfluxOpenedSessionStore}; its closing is that bean's.
     *
     * @param opened the opened store
     * @return the session store
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(SessionStore.class)
    public SessionStore mtfluxSessionStore(OpenedSessionStore opened) {
        return opened.store();
    }

    /**
     * The client of one account, from {@code mtflux.api-id}/{@code mtflux.api-hash} and the connection properties.
     *
     * @param properties the bound properties
     * @param resources the shared resources
     * @param store the session store
     * @return the client, not connected; closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "mtflux", name = "api-id")
    public MtprotoClient mtfluxClient(MtfluxProperties properties, ClientResources resources, SessionStore store) {
        MtfluxConnection connection = MtfluxConnection.of(properties);
        return MtprotoClient.create(ClientOptions.builder()
            .apiId(properties.getApiId()).apiHash(properties.getApiHash())
            .dcOptions(connection.dcOptions()).transport(connection.transport())
            .sessionStore(store).accountId(properties.getAccountId()).resources(resources)
            .build());
    }

    /**
     * {@link ClientResources} bound to the application's meter registry and observation registry (RPCs and logins
     * as observations: spans with a tracer), when Micrometer is present.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MeteredResources {
        @Bean(destroyMethod = "shutdown")
        @ConditionalOnMissingBean
        ClientResources mtfluxClientResources(ObjectProvider<MeterRegistry> registry,
                                              ObjectProvider<ObservationRegistry> observations) {
            ClientResources.Builder builder = ClientResources.builder();
            MeterRegistry meters = registry.getIfUnique();
            if (meters != null) {
                builder.meterRegistry(meters);
            }
            ObservationRegistry observationRegistry = observations.getIfUnique();
            if (observationRegistry != null) {
                builder.observationRegistry(observationRegistry);
            }
            return builder.build();
        }
    }

    /** {@link ClientResources} without Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.micrometer.core.instrument.MeterRegistry")
    static class PlainResources {
        @Bean(destroyMethod = "shutdown")
        @ConditionalOnMissingBean
        ClientResources mtfluxClientResources() {
            return ClientResources.create();
        }
    }

    /** The accounts runtime, with {@code mtflux-accounts} and {@code mtflux.accounts.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(AccountManager.class)
    @ConditionalOnBooleanProperty("mtflux.accounts.enabled")
    static class Accounts {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        AccountManager mtfluxAccountManager(MtfluxProperties properties, ClientResources resources,
                                            SessionStore store) {
            MtfluxConnection connection = MtfluxConnection.of(properties);
            MtfluxProperties.Accounts accounts = properties.getAccounts();
            AccountManagerOptions.Builder builder = AccountManagerOptions.builder()
                .resources(resources).sessionStore(store)
                .clientTemplate(ClientOptions.builder().dcOptions(connection.dcOptions())
                    .transport(connection.transport()).sessionStore(store).build())
                .serveStore(accounts.isServeStore());
            if (properties.getApiId() != null) {
                builder.apiCredentials(properties.getApiId(), properties.getApiHash());
            }
            if (accounts.getInstance() != null) {
                builder.instance(accounts.getInstance());
            }
            if (accounts.getLeaseTtl() != null) {
                builder.leaseTtl(accounts.getLeaseTtl());
            }
            if (accounts.getIdleParkAfter() != null) {
                builder.idleParkAfter(accounts.getIdleParkAfter());
            }
            if (resources.meterRegistry() != null) {
                builder.meterRegistry(resources.meterRegistry());
            }
            try {
                return AccountManager.create(builder.build());
            } catch (IllegalArgumentException e) {
                throw new MtfluxPropertiesException("mtflux.accounts: " + e.getMessage());
            }
        }
    }

    /**
     * The web console in the application's WebFlux server, with {@code mtflux-web} and
     * {@code mtflux.console.enabled=true}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.mtflux.web.ConsoleHandler", "org.springframework.web.server.WebFilter"})
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnBooleanProperty("mtflux.console.enabled")
    static class Console {
        @Bean
        @ConditionalOnMissingBean(name = "mtfluxConsoleWebFilter")
        ConsoleWebFilter mtfluxConsoleWebFilter(MtfluxProperties properties, ObjectProvider<AccountManager> accounts,
                                                Environment environment) {
            AccountManager manager = accounts.getIfUnique();
            if (manager == null) {
                throw new MtfluxPropertiesException("mtflux.console.enabled needs one AccountManager bean"
                    + " (mtflux.accounts.enabled=true)");
            }
            MtfluxProperties.Console console = properties.getConsole();
            String base = environment.getProperty("spring.webflux.base-path", "");
            if (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            java.util.Map<reactor.netty.http.server.HttpServerRequest, String> tokens = ConsoleWebFilter.tokens();
            io.mtflux.web.ConsoleOptions.Builder options = io.mtflux.web.ConsoleOptions.builder(manager)
                .basePath(base + console.getPath())
                .openMetrics(console.isOpenMetrics());
            if (console.getSecurity() == MtfluxProperties.ConsoleSecurity.SPRING) {
                options.externalAccess(tokens::get);
            } else {
                options.token(console.getToken());
            }
            try {
                return new ConsoleWebFilter(io.mtflux.web.ConsoleHandler.create(options.build()), tokens);
            } catch (IllegalArgumentException e) {
                throw new MtfluxPropertiesException("mtflux.console.enabled: " + e.getMessage() + " (in Spring Boot:"
                    + " the actuator's Prometheus registry, with io.micrometer:micrometer-registry-prometheus)");
            }
        }
    }

    /** The {@code mtflux} health indicator, with Spring Boot's health module. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("mtflux")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "mtfluxHealthIndicator")
        MtfluxHealthIndicator mtfluxHealthIndicator(ObjectProvider<MtprotoClient> client,
                                                    org.springframework.beans.factory.ListableBeanFactory beans) {
            return new MtfluxHealthIndicator(client.getIfUnique(), AccountsView.of(beans));
        }
    }

    /** The {@code mtflux} info contributor, with Spring Boot's actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(InfoContributor.class)
    static class Info {
        @Bean
        @ConditionalOnMissingBean(name = "mtfluxInfoContributor")
        MtfluxInfoContributor mtfluxInfoContributor() {
            return new MtfluxInfoContributor();
        }
    }
}
