package io.mtflux.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.mtflux.auth.AccessTokenInvalidException;
import io.mtflux.auth.AuthClient;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.Testkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The client bean, configured from properties alone, logs a bot in on the embedded testkit. */
class MtfluxBotLoginTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "800003:AAE-starter-bot";

    private static TestCluster cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cluster = Testkit.cluster().dcs(2).bot(TestBot.of(TOKEN).dc(2).name("StarterBot")).start().block(WAIT);
    }

    @AfterAll
    static void stop() {
        cluster.stop().block(WAIT);
    }

    @Test
    void theClientBeanLogsInABotAndItsMetersLandInTheApplicationsRegistry() throws Exception {
        Path key = dir.resolve("server.pem");
        Files.writeString(key, RsaPem.writePublicKey(cluster.rsaKey().publicKey()));
        DcEndpoint dc1 = cluster.endpoints().stream().filter(e -> e.dcId() == 1).findFirst().orElseThrow();
        Path sessions = Files.createDirectories(dir.resolve("sessions"));
        AtomicReference<HealthIndicator> closed = new AtomicReference<>();
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                MtfluxAutoConfiguration.class))
            .withPropertyValues("mtflux.api-id=1", "mtflux.api-hash=starter-test-hash",
                "mtflux.server=" + dc1.host() + ":" + dc1.port(), "mtflux.dc-id=1",
                "mtflux.rsa-public-key=file:" + key, "mtflux.session.url=" + sessions, "mtflux.account-id=bot")
            .run(context -> {
                assertThat(context).hasNotFailed();
                MtprotoClient client = context.getBean(MtprotoClient.class);
                HealthIndicator indicator = context.getBean("mtfluxHealthIndicator", HealthIndicator.class);
                assertThat(client(indicator.health())).containsEntry("authorized", false)
                    .containsEntry("connection", "NOT_CONNECTED");

                client.connect().block(WAIT);
                AuthClient.create(client).importBotAuthorization(TOKEN).block(WAIT);
                // the bot's home is DC 2: the login migrated there
                assertThat(client.session().userId()).isNotNull();
                assertThat(client.session().bot()).isTrue();
                assertThat(client.session().homeDc()).isEqualTo(2);
                // kept in the directory store of mtflux.session.url
                assertThat(sessions.resolve("bot.session")).exists();

                MeterRegistry registry = context.getBean(MeterRegistry.class);
                long calls = registry.find("mtproto.rpc").timers().stream().mapToLong(Timer::count).sum();
                assertThat(calls).as("mtproto.rpc timers in %s", registry.getMeters().size()).isPositive();

                Health health = indicator.health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(client(health)).containsEntry("account", "bot").containsEntry("authorized", true)
                    .containsEntry("connection", "READY");
                closed.set(indicator);
            });
        // the context's close closed the client: its home connection is CLOSED, the health DOWN
        Health after = closed.get().health();
        assertThat(client(after)).containsEntry("connection", "CLOSED");
        assertThat(after.getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void rpcsAndLoginsAreObservationsOfTheApplicationsRegistryWithoutSecrets() throws Exception {
        Path key = dir.resolve("observed.pem");
        Files.writeString(key, RsaPem.writePublicKey(cluster.rsaKey().publicKey()));
        DcEndpoint dc2 = cluster.endpoints().stream().filter(e -> e.dcId() == 2).findFirst().orElseThrow();
        TestObservationRegistry observations = TestObservationRegistry.create();
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                MtfluxAutoConfiguration.class))
            .withBean(ObservationRegistry.class, () -> observations)
            .withPropertyValues("mtflux.api-id=1", "mtflux.api-hash=starter-test-hash",
                "mtflux.server=" + dc2.host() + ":" + dc2.port(), "mtflux.dc-id=2",
                "mtflux.rsa-public-key=file:" + key, "mtflux.account-id=observed")
            .run(context -> {
                assertThat(context).hasNotFailed();
                MtprotoClient client = context.getBean(MtprotoClient.class);
                assertThat(client.resources().observationRegistry()).isSameAs(observations);
                client.connect().block(WAIT);
                AuthClient auth = AuthClient.create(client);
                String wrong = "800003:AAE-not-the-token";
                assertThatThrownBy(() -> auth.importBotAuthorization(wrong).block(WAIT))
                    .isInstanceOf(AccessTokenInvalidException.class);
                auth.importBotAuthorization(TOKEN).block(WAIT);
                client.invoke(new HelpGetConfig()).block(WAIT);

                TestObservationRegistryAssert.assertThat(observations)
                    .hasAnObservation(o -> o.hasNameEqualTo("mtproto.login")
                        .hasLowCardinalityKeyValue("method", "auth.importBotAuthorization")
                        .hasLowCardinalityKeyValue("outcome", "ACCESS_TOKEN_INVALID").hasError())
                    .hasAnObservation(o -> o.hasNameEqualTo("mtproto.login")
                        .hasLowCardinalityKeyValue("method", "auth.importBotAuthorization")
                        .hasLowCardinalityKeyValue("outcome", "ok"))
                    .hasAnObservation(o -> o.hasNameEqualTo("mtproto.rpc")
                        .hasLowCardinalityKeyValue("method", "help.getConfig")
                        .hasLowCardinalityKeyValue("outcome", "ok"));
                // the login's RPCs are its children
                assertThat(stopped).anySatisfy(c -> {
                    assertThat(c.getName()).isEqualTo("mtproto.rpc");
                    assertThat(c.getParentObservation()).isNotNull();
                    assertThat(c.getParentObservation().getContextView().getName()).isEqualTo("mtproto.login");
                });
                // only low-cardinality keys method and outcome; no token, no api_hash anywhere
                assertThat(stopped).isNotEmpty().allSatisfy(c -> {
                    assertThat(c.getLowCardinalityKeyValues().stream().map(KeyValue::getKey))
                        .containsExactlyInAnyOrder("method", "outcome");
                    assertThat(c.getHighCardinalityKeyValues()).isEmpty();
                    assertThat(c.toString() + c.getLowCardinalityKeyValues() + c.getError())
                        .doesNotContain(TOKEN, wrong, "AAE-", "starter-test-hash");
                });
            });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> client(Health health) {
        return (Map<String, Object>) health.getDetails().get("client");
    }
}
