package io.mtflux.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.reactive.context.AnnotationConfigReactiveWebServerApplicationContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * The web console in the application's WebFlux server (Reactor Netty, a real port): under mtflux.console.path, next
 * to the application's own routes, behind the console's token or the application's Spring Security.
 */
class MtfluxConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "console-token-0123456789";

    private final ReactiveWebApplicationContextRunner runner =
        new ReactiveWebApplicationContextRunner(AnnotationConfigReactiveWebServerApplicationContext::new)
            .withConfiguration(AutoConfigurations.of(NettyReactiveWebServerAutoConfiguration.class,
                HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class, MtfluxAutoConfiguration.class))
            .withUserConfiguration(App.class)
            // no graceful shutdown: a test's server stops at once, its client's idle connections with it
            .withPropertyValues("server.port=0", "server.shutdown=immediate", "mtflux.accounts.enabled=true",
                "mtflux.console.enabled=true");

    /** The same application without a server, for what needs no HTTP (bean conditions, startup failures). */
    private final ReactiveWebApplicationContextRunner contexts = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class,
            MtfluxAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues("mtflux.accounts.enabled=true", "mtflux.console.enabled=true");

    /** What an answer was: status, headers we look at, body. */
    record Answer(int status, String type, String location, List<String> cookies, String body) {
    }

    @Test
    void theConsoleAnswersUnderItsPathWithItsTokenNextToTheApplicationsRoutes() {
        runner.withPropertyValues("mtflux.console.token=" + TOKEN).run(context -> {
            assertThat(context).hasNotFailed().hasBean("mtfluxConsoleWebFilter");
            HttpClient http = client(context);

            // the application's own route is the application's
            Answer hello = get(http, "/hello");
            assertThat(hello.status()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello from the app");

            // the console's API needs its token
            Answer denied = get(http, "/mtflux/api/accounts");
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.body()).contains("\"error\":\"UNAUTHORIZED\"").doesNotContain(TOKEN);
            Answer accounts = get(http.headers(h -> h.set("Authorization", "Bearer " + TOKEN)), "/mtflux/api/accounts");
            assertThat(accounts.status()).isEqualTo(200);
            assertThat(accounts.type()).startsWith("application/json");
            assertThat(accounts.body()).isEqualTo("[]");

            // a browser: the link with the token sets the cookie (on the console's path) and drops the token
            Answer link = get(http, "/mtflux/?token=" + TOKEN);
            assertThat(link.status()).isEqualTo(303);
            assertThat(link.location()).isEqualTo("/mtflux/");
            assertThat(link.cookies()).singleElement().asString().startsWith("mtflux_console=")
                .contains("Path=/mtflux;").contains("HttpOnly");
            String cookie = link.cookies().get(0).substring(0, link.cookies().get(0).indexOf(';'));
            Answer page = get(http.headers(h -> h.set("Cookie", cookie)), "/mtflux/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("href=\"/mtflux/static/console.css\"")
                .contains("<meta name=\"mtflux-base\" content=\"/mtflux\">").contains("href=\"/mtflux/dashboard\"")
                .doesNotContain(TOKEN);
            assertThat(get(http, "/mtflux/static/console.css").status()).isEqualTo(200);
            // a path under the console that it does not serve is its 404, not the application's
            Answer missing = get(http, "/mtflux/api/nothing");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("\"error\":\"NOT_FOUND\"");
        });
    }

    @Test
    void withSpringSecurityTheApplicationDecidesAndItsCsrfTokenIsThePages() {
        runner.withConfiguration(AutoConfigurations.of(ReactiveWebSecurityAutoConfiguration.class))
            .withUserConfiguration(Security.class)
            .withPropertyValues("mtflux.console.security=spring")
            .run(context -> {
                assertThat(context).hasNotFailed();
                HttpClient http = client(context);
                // Spring Security asks who it is; the console's token means nothing here
                assertThat(get(http, "/mtflux/api/accounts").status()).isEqualTo(401);
                HttpClient admin = http.headers(h -> h.set("Authorization", "Basic YWRtaW46c2VjcmV0"));
                assertThat(get(admin, "/mtflux/api/accounts").body()).isEqualTo("[]");
                assertThat(get(http, "/hello").status()).isEqualTo(200);

                // the page carries Spring's CSRF token, kept in the session whose cookie came with the page
                Answer page = get(admin, "/mtflux/");
                assertThat(page.status()).isEqualTo(200);
                Matcher csrf = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">")
                    .matcher(page.body());
                assertThat(csrf.find()).as("a CSRF token in %s", page.body()).isTrue();
                assertThat(page.cookies()).anySatisfy(c -> assertThat(c).startsWith("SESSION="));
                String session = page.cookies().stream().filter(c -> c.startsWith("SESSION=")).findFirst()
                    .map(c -> c.substring(0, c.indexOf(';'))).orElseThrow();

                // a change without it is refused by Spring Security; with it, the console answers
                assertThat(post(admin.headers(h -> h.set("Cookie", session)), "/mtflux/api/console/sign-out")
                    .status()).isEqualTo(403);
                Answer signOut = post(admin.headers(h -> h.set("Cookie", session).set("X-CSRF-Token",
                    csrf.group(1))), "/mtflux/api/console/sign-out");
                assertThat(signOut.status()).isEqualTo(200);
                assertThat(signOut.body()).isEqualTo("{\"signedOut\":false}");
            });
    }

    @Test
    void badConsolePropertiesStopTheStartupWithAClearMessage() {
        failsWith(contexts, "mtflux.console.token is not set: set it (16 or more characters of A-Z, a-z, 0-9, '_'"
            + " and '-'), or mtflux.console.security=spring");
        failsWith(contexts, "mtflux.console.token needs 16 or more characters of A-Z, a-z, 0-9, '_' and '-'",
            "mtflux.console.token=short");
        failsWith(contexts, "mtflux.console.path must be /segment[/segment...] of letters, digits, '-', '_' and '.',"
            + " without a trailing '/', got 'mtflux/'", "mtflux.console.token=" + TOKEN, "mtflux.console.path=mtflux/");
        failsWith(contexts, "mtflux.console.enabled needs mtflux.accounts.enabled=true: the console serves the"
            + " accounts runtime", "mtflux.console.token=" + TOKEN, "mtflux.accounts.enabled=false");
        failsWith(contexts.withClassLoader(new FilteredClassLoader(SecurityWebFilterChain.class)),
            "mtflux.console.security=spring needs Spring Security for WebFlux (spring-boot-starter-security) on the"
                + " class path", "mtflux.console.security=spring");
        failsWith(contexts.withClassLoader(new FilteredClassLoader("io.mtflux.web.")),
            "mtflux.console.enabled needs io.mtflux:mtflux-web on the class path", "mtflux.console.token=" + TOKEN);
        // a registry the console cannot read
        // two registries: the resources take none, and the console has nothing to read
        failsWith(contexts.withBean("simple", SimpleMeterRegistry.class, SimpleMeterRegistry::new),
            "mtflux.console.enabled: the console needs the accounts' Micrometer registry",
            "mtflux.console.token=" + TOKEN);
    }

    @Test
    void offUnlessEnabledAndBacksOffForTheApplicationsFilterOfThatName() {
        contexts.withPropertyValues("mtflux.console.enabled=false").run(context ->
            assertThat(context).hasNotFailed().doesNotHaveBean("mtfluxConsoleWebFilter"));
        contexts.withPropertyValues("mtflux.console.token=" + TOKEN)
            .withBean("mtfluxConsoleWebFilter", WebFilter.class, () -> (exchange, chain) -> chain.filter(exchange))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsoleWebFilter.class));
        // not a reactive web application: no console
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MtfluxAutoConfiguration.class))
            .withUserConfiguration(App.class)
            .withPropertyValues("mtflux.accounts.enabled=true", "mtflux.console.enabled=true",
                "mtflux.console.token=" + TOKEN)
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("mtfluxConsoleWebFilter"));
    }

    private static void failsWith(ReactiveWebApplicationContextRunner runner, String message, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (!(root instanceof MtfluxPropertiesException) && root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).isInstanceOf(MtfluxPropertiesException.class);
            assertThat(root.getMessage()).startsWith(message).doesNotContain(TOKEN);
        });
    }

    private static HttpClient client(AssertableReactiveWebApplicationContext context) {
        int port = ((ReactiveWebServerApplicationContext) context.getSourceApplicationContext()).getWebServer()
            .getPort();
        return HttpClient.create().baseUrl("http://127.0.0.1:" + port).followRedirect(false);
    }

    private static Answer get(HttpClient http, String path) {
        return http.get().uri(path).responseSingle(MtfluxConsoleTest::answer).block(WAIT);
    }

    private static Answer post(HttpClient http, String path) {
        return http.headers(h -> h.set("Content-Type", "application/json")).post().uri(path)
            .send(ByteBufMono.fromString(Mono.just("{}"))).responseSingle(MtfluxConsoleTest::answer).block(WAIT);
    }

    private static Mono<Answer> answer(HttpClientResponse response, ByteBufMono body) {
        return body.asString().defaultIfEmpty("").map(text -> new Answer(response.status().code(),
            response.responseHeaders().get("Content-Type"), response.responseHeaders().get("Location"),
            response.responseHeaders().getAll("Set-Cookie"), text));
    }

    /** An application: its own route and a Prometheus registry (what the actuator makes with Prometheus). */
    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        RouterFunction<ServerResponse> hello() {
            return RouterFunctions.route().GET("/hello", request -> ServerResponse.ok()
                .bodyValue("hello from the app")).build();
        }

        @Bean
        PrometheusMeterRegistry prometheus() {
            return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
    }

    /** The application's security: the console's path needs a user (HTTP basic), CSRF on as by default. */
    @Configuration(proxyBeanMethods = false)
    static class Security {
        @Bean
        SecurityWebFilterChain chain(ServerHttpSecurity http) {
            return http.authorizeExchange(e -> e.pathMatchers("/mtflux/**", "/mtflux").authenticated()
                    .anyExchange().permitAll())
                .httpBasic(b -> { })
                .build();
        }

        @Bean
        MapReactiveUserDetailsService users() {
            return new MapReactiveUserDetailsService(User.withUsername("admin").password("{noop}secret")
                .roles("ADMIN").build());
        }
    }
}
