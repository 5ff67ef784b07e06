package io.mtflux.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.tl.api.ApiSchema;
import io.mtflux.store.file.FileSessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.url.OpenedSessionStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MtfluxAutoConfigurationTest {
    static final String HASH = "0123456789abcdef0123456789abcdef";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MtfluxAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void withoutPropertiesResourcesAndAnInMemoryStoreButNoClient() {
        AtomicReference<ClientResources> resources = new AtomicReference<>();
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ClientResources.class)
                .hasSingleBean(SessionStore.class).doesNotHaveBean(MtprotoClient.class)
                .doesNotHaveBean(AccountManager.class).hasBean("mtfluxHealthIndicator")
                .hasBean("mtfluxInfoContributor");
            assertThat(context.getBean(SessionStore.class)).isInstanceOf(InMemorySessionStore.class);
            resources.set(context.getBean(ClientResources.class));
            assertThat(resources.get().meterRegistry()).isNull();
            // no ObservationRegistry bean: nothing is observed
            assertThat(resources.get().observationRegistry()).isNull();
            assertThat(resources.get().isShutdown()).isFalse();
        });
        // the context's close shut them down
        assertThat(resources.get().isShutdown()).isTrue();
    }

    @Test
    void theResourcesRecordToTheApplicationsMeterRegistry() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
            .run(context -> assertThat(context.getBean(ClientResources.class).meterRegistry())
                .isSameAs(context.getBean(MeterRegistry.class)));
        // without Micrometer on the class path: plain resources
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ClientResources.class);
            assertThat(context.getBean(ClientResources.class).meterRegistry()).isNull();
        });
    }

    @Test
    void everyBeanBacksOffForTheApplicationsOwn() {
        runner.withUserConfiguration(OwnBeans.class)
            .withPropertyValues("mtflux.api-id=1", "mtflux.api-hash=" + HASH, "mtflux.accounts.enabled=true")
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(ClientResources.class)
                    .hasSingleBean(SessionStore.class).hasSingleBean(MtprotoClient.class)
                    .doesNotHaveBean(OpenedSessionStore.class);
                assertThat(context.getBean(ClientResources.class)).isSameAs(context.getBean("ownResources"));
                assertThat(context.getBean(SessionStore.class)).isSameAs(context.getBean("ownStore"));
                assertThat(context.getBean(MtprotoClient.class)).isSameAs(context.getBean("ownClient"));
                // the accounts runtime runs on the application's resources and store
                AccountManager manager = context.getBean(AccountManager.class);
                assertThat(manager.options().sessionStore()).isSameAs(context.getBean("ownStore"));
                assertThat(manager.resources()).isSameAs(context.getBean("ownResources"));
            });
    }

    @Test
    void theSessionUrlOpensItsStore() {
        runner.withPropertyValues("mtflux.session.url=" + dir, "mtflux.session.passphrase=correct horse")
            .run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(SessionStore.class)).isInstanceOf(FileSessionStore.class);
                assertThat(context.getBean(MtfluxProperties.class).toString()).doesNotContain("correct horse");
            });
        runner.withPropertyValues("mtflux.session.url=r2dbc:h2:mem:///starter-test?DB_CLOSE_DELAY=-1",
                "mtflux.session.key=" + "ab".repeat(32))
            .run(context -> assertThat(context.getBean(SessionStore.class)).isInstanceOf(R2dbcSessionStore.class));
    }

    @Test
    void aClientWhenTheApiCredentialsAreSet() {
        runner.withPropertyValues("mtflux.api-id=12345", "mtflux.api-hash=" + HASH, "mtflux.test-dcs=true",
                "mtflux.account-id=ann", "mtflux.transport=abridged")
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(MtprotoClient.class);
                MtprotoClient client = context.getBean(MtprotoClient.class);
                assertThat(client.apiId()).isEqualTo(12345);
                assertThat(client.options().accountId()).isEqualTo("ann");
                assertThat(client.options().sessionStore()).isSameAs(context.getBean(SessionStore.class));
                assertThat(client.resources()).isSameAs(context.getBean(ClientResources.class));
                assertThat(client.options().dcOptions().defaultDc()).isEqualTo(2);
                assertThat(context.getBean(MtfluxProperties.class).toString()).doesNotContain(HASH);
            });
    }

    @Test
    void badPropertiesFailTheStartupWithAClearMessage() {
        failsWith("mtflux.api-id is set but mtflux.api-hash is not: set both, or neither", "mtflux.api-id=1");
        failsWith("mtflux.api-hash is set but mtflux.api-id is not: set both, or neither",
            "mtflux.api-hash=" + HASH);
        failsWith("mtflux.api-id must be a positive number, got 0", "mtflux.api-id=0", "mtflux.api-hash=" + HASH);
        failsWith("mtflux.server: expected HOST:PORT (an IPv6 address in brackets, as [::1]:443), got 'localhost'",
            "mtflux.server=localhost");
        failsWith("mtflux.server: expected a port from 1 to 65535 after the last ':', got 'localhost:99999'",
            "mtflux.server=localhost:99999");
        failsWith("mtflux.server: expected an IPv6 address in brackets, as [::1]:443, got '::1:443'",
            "mtflux.server=::1:443");
        failsWith("mtflux.dc-id: expected a positive DC id, got 0", "mtflux.server=localhost:443", "mtflux.dc-id=0");
        failsWith("mtflux.server and mtflux.test-dcs do not go together", "mtflux.server=localhost:443",
            "mtflux.test-dcs=true");
        failsWith("mtflux.rsa-public-key goes with mtflux.server", "mtflux.rsa-public-key=classpath:none.pem");
        failsWith("mtflux.session.url must be a file path, string:[TEXT], an r2dbc: URL or a redis:// URL, got"
            + " 'mongodb://db:27017/x'", "mtflux.session.url=mongodb://bob:s3cret@db:27017/x");
        failsWith("mtflux.session.key must be 64 hex digits (a 32-byte key)", "mtflux.session.key=s3cret");
        // a Redis that does not answer (nothing listens on port 1); the password is not shown
        failsWith("cannot open mtflux.session.url redis://127.0.0.1:1/0",
            "mtflux.session.url=redis://:s3cret@127.0.0.1:1/0");
        failsWith("cannot read mtflux.rsa-public-key", "mtflux.api-id=1", "mtflux.api-hash=" + HASH,
            "mtflux.server=127.0.0.1:1", "mtflux.rsa-public-key=classpath:no-such-key.pem");
    }

    @Test
    void anIpv6ServerAndEveryFraming() {
        runner.withPropertyValues("mtflux.api-id=12345", "mtflux.api-hash=" + HASH, "mtflux.server=[::1]:443",
                "mtflux.dc-id=4", "mtflux.transport=padded")
            .run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(MtfluxProperties.class).getTransport())
                    .isEqualTo(MtfluxProperties.Transport.PADDED);
                assertThat(context.getBean(MtprotoClient.class).options().dcOptions().endpoint(4))
                    .contains(new DcEndpoint(4, "::1", 443, false, true));
            });
        // every value of mtflux.transport names a framing
        for (MtfluxProperties.Transport transport : MtfluxProperties.Transport.values()) {
            MtfluxProperties properties = new MtfluxProperties();
            properties.setTransport(transport);
            assertThat(MtfluxConnection.of(properties).transport()).as(transport.name()).isNotNull();
        }
    }

    @Test
    void aProxyFromItsUrlAndBadProxiesFailTheStartupWithoutTheirSecrets() throws Exception {
        MtfluxProperties properties = new MtfluxProperties();
        properties.setProxy("socks5://ann:s3cret@127.0.0.1:1080");
        io.mtflux.transport.TcpTransportClient tcp = template(MtfluxConnection.of(properties).transport());
        assertThat(tcp.proxy().type()).isEqualTo(io.mtflux.transport.proxy.ProxyConfig.Type.SOCKS5);
        assertThat(tcp.proxy().host()).isEqualTo("127.0.0.1");
        assertThat(tcp.proxy().port()).isEqualTo(1080);
        assertThat(properties.toString()).doesNotContain("s3cret");
        properties.setProxy("http://127.0.0.1:3128");
        assertThat(template(MtfluxConnection.of(properties).transport()).proxy().type())
            .isEqualTo(io.mtflux.transport.proxy.ProxyConfig.Type.HTTP);
        properties.setProxy("tg://proxy?server=127.0.0.1&port=443&secret=dd" + "00".repeat(16));
        assertThat(template(MtfluxConnection.of(properties).transport()).mtproxy()).isNotNull();

        failsWith("mtflux.proxy: the port must be from 1 to 65535, got 70000", "mtflux.api-id=1",
            "mtflux.api-hash=" + HASH, "mtflux.proxy=socks5://ann:s3cret@127.0.0.1:70000");
        failsWith("mtflux.proxy: must be socks5://", "mtflux.api-id=1", "mtflux.api-hash=" + HASH,
            "mtflux.proxy=ftp://ann:s3cret@127.0.0.1:21");
        failsWith("mtflux.proxy: needs a host and a port", "mtflux.api-id=1", "mtflux.api-hash=" + HASH,
            "mtflux.proxy=socks5://ann:s3cret@127.0.0.1");
        failsWith("mtflux.proxy: not an MTProxy link", "mtflux.api-id=1", "mtflux.api-hash=" + HASH,
            "mtflux.proxy=tg://proxy?server=127.0.0.1&port=443&secret=s3cret");
    }

    @Test
    void webSocketTransportsFromProperties() {
        MtfluxProperties properties = new MtfluxProperties();
        properties.setServer("127.0.0.1:8443");
        properties.setDcId(2);
        properties.setTransport(MtfluxProperties.Transport.WS);
        MtfluxConnection ws = MtfluxConnection.of(properties);
        assertThat(((io.mtflux.core.client.WebSocketClientTransport) ws.transport()).url(2, ws.dcOptions()))
            .hasToString("ws://127.0.0.1:8443/apiws");
        properties.setTransport(MtfluxProperties.Transport.WSS);
        MtfluxConnection wss = MtfluxConnection.of(properties);
        assertThat(((io.mtflux.core.client.WebSocketClientTransport) wss.transport()).url(2, wss.dcOptions()))
            .hasToString("wss://127.0.0.1:8443/apiws");

        failsWith("mtflux.proxy does not go with mtflux.transport=ws", "mtflux.api-id=1",
            "mtflux.api-hash=" + HASH, "mtflux.transport=ws", "mtflux.proxy=socks5://127.0.0.1:1080");
        failsWith("mtflux.tls-ca goes with mtflux.transport=wss", "mtflux.api-id=1", "mtflux.api-hash=" + HASH,
            "mtflux.server=127.0.0.1:8443", "mtflux.transport=ws", "mtflux.tls-ca=classpath:no-such.pem");
        failsWith("cannot read the certificates of mtflux.tls-ca", "mtflux.api-id=1", "mtflux.api-hash=" + HASH,
            "mtflux.server=127.0.0.1:8443", "mtflux.transport=wss", "mtflux.tls-ca=classpath:no-such.pem");
    }

    /** The TCP template of the starter's transport (a package-private record of core's). */
    private static io.mtflux.transport.TcpTransportClient template(io.mtflux.core.client.ClientTransport transport)
        throws Exception {
        java.lang.reflect.Method template = transport.getClass().getDeclaredMethod("template");
        template.setAccessible(true);
        return (io.mtflux.transport.TcpTransportClient) template.invoke(transport);
    }

    private void failsWith(String message, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).isInstanceOf(MtfluxPropertiesException.class).hasMessageStartingWith(message);
            // no secret anywhere in the failure
            assertThat(stackText(context.getStartupFailure())).doesNotContain(HASH).doesNotContain("s3cret");
        });
    }

    private static String stackText(Throwable e) {
        var out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void theAccountsRuntimeWithItsModuleAndProperty() {
        runner.run(context -> assertThat(context).doesNotHaveBean(AccountManager.class));
        runner.withPropertyValues("mtflux.accounts.enabled=true")
            .withClassLoader(new FilteredClassLoader(AccountManager.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(AccountManager.class));
        AtomicReference<AccountManager> closed = new AtomicReference<>();
        runner.withPropertyValues("mtflux.accounts.enabled=true", "mtflux.accounts.instance=node-a",
                "mtflux.accounts.lease-ttl=PT30S", "mtflux.accounts.idle-park-after=PT10M",
                "mtflux.session.url=" + dir)
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(AccountManager.class);
                AccountManager manager = context.getBean(AccountManager.class);
                assertThat(manager.options().instance()).isEqualTo("node-a");
                assertThat(manager.options().leaseTtl()).contains(java.time.Duration.ofSeconds(30));
                assertThat(manager.options().idleParkAfter()).contains(java.time.Duration.ofMinutes(10));
                manager.add(AccountSpec.of("ann"));
                Health health = context.getBean("mtfluxHealthIndicator", HealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                @SuppressWarnings("unchecked")
                Map<String, Object> accounts = (Map<String, Object>) health.getDetails().get("accounts");
                assertThat(accounts).containsEntry("total", 1L).containsEntry("instance", "node-a")
                    .containsEntry("byState", Map.of("NEW", 1L));
                closed.set(manager);
            });
        // closed with the context
        assertThatThrownBy(() -> closed.get().add(AccountSpec.of("bob")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void theInfoContributorShowsTheVersionAndLayer() {
        runner.run(context -> {
            Info.Builder info = new Info.Builder();
            context.getBean("mtfluxInfoContributor", InfoContributor.class).contribute(info);
            @SuppressWarnings("unchecked")
            Map<String, Object> mtflux = (Map<String, Object>) info.build().getDetails().get("mtflux");
            assertThat(mtflux).containsEntry("layer", ApiSchema.LAYER);
            assertThat((String) mtflux.get("version")).matches("\\d+\\.\\d+\\.\\d+.*");
        });
        runner.withClassLoader(new FilteredClassLoader(InfoContributor.class, HealthIndicator.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("mtfluxInfoContributor")
                .doesNotHaveBean("mtfluxHealthIndicator"));
        runner.withPropertyValues("management.health.mtflux.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean("mtfluxHealthIndicator"));
    }

    @Test
    void theConfigurationMetadataDescribesEveryProperty() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String name : new String[] {"mtflux.api-id", "mtflux.api-hash", "mtflux.server", "mtflux.dc-id",
            "mtflux.rsa-public-key", "mtflux.test-dcs", "mtflux.transport", "mtflux.proxy", "mtflux.session.url",
            "mtflux.session.key", "mtflux.accounts.enabled", "mtflux.accounts.lease-ttl",
            "mtflux.accounts.idle-park-after", "mtflux.accounts.instance"}) {
            assertThat(json).contains("\"name\": \"" + name + "\"");
        }
        assertThat(json).contains("\"description\": \"The app's api_hash from my.telegram.org (a secret: never"
            + " logged).\"");
        assertThat(json).containsPattern("\"defaultValue\": 2,\\s+\"deprecated\"|\"defaultValue\": 2\\s");
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean(destroyMethod = "shutdown")
        ClientResources ownResources() {
            return ClientResources.builder().meterRegistry(new SimpleMeterRegistry()).build();
        }

        @Bean
        SessionStore ownStore() {
            return new InMemorySessionStore();
        }

        @Bean(destroyMethod = "close")
        MtprotoClient ownClient(ClientResources resources, SessionStore store) {
            return MtprotoClient.create(io.mtflux.core.client.ClientOptions.builder().apiId(2).apiHash(HASH)
                .resources(resources).sessionStore(store).build());
        }
    }
}
