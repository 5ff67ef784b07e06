package io.mtflux.samples.spring;

import io.mtflux.accounts.AccountManager;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A Spring Boot WebFlux application on {@code mtflux-spring-boot-starter}: the login pipeline of the starter's
 * {@code AccountManager} over HTTP, each step a request ({@link LoginHandler}), with the actuator's health and
 * Prometheus endpoints. {@code --testkit} first runs it against an embedded testkit cluster ({@link TestkitMode}).
 */
@SpringBootApplication
public class SpringLoginApplication {
    private static final Logger LOG = LoggerFactory.getLogger(SpringLoginApplication.class);

    /** Spring creates it. */
    public SpringLoginApplication() {
    }

    /**
     * Runs the application: {@code --testkit} starts an embedded testkit cluster and points the starter at it; the
     * other arguments are Spring Boot's ({@code --server.port=8080}, {@code --mtflux.session.url=DIR}, ...).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SpringLoginApplication.class);
        if (Arrays.asList(args).contains(TestkitMode.FLAG)) {
            TestkitMode.start(application, System.out);
            args = Arrays.stream(args).filter(a -> !a.equals(TestkitMode.FLAG)).toArray(String[]::new);
        }
        application.run(args);
    }

    /**
     * Starts the accounts once the application is up ({@code startAll()}: the accounts added so far, and with
     * {@code mtflux.accounts.serve-store=true} every account of the store, under leases when
     * {@code mtflux.accounts.lease-ttl} is set, looked at again every quarter of the ttl), as an application
     * connects the starter's client itself. Not waited for: an account that cannot start shows in its state.
     *
     * @param accounts the starter's accounts runtime
     * @return the runner
     */
    @Bean
    ApplicationRunner startAccounts(AccountManager accounts) {
        return args -> accounts.startAll().subscribe(started -> { },
            error -> LOG.warn("the accounts did not start: {}", error.getClass().getName()));
    }

    /**
     * The login routes: {@code GET /login/{account}}, {@code POST /login/{account}/phone}, {@code /code},
     * {@code /password}, {@code /resend}, {@code /cancel}.
     *
     * @param accounts the starter's accounts runtime ({@code mtflux.accounts.enabled=true})
     * @return the routes
     */
    @Bean
    RouterFunction<ServerResponse> loginRoutes(AccountManager accounts) {
        LoginHandler login = new LoginHandler(accounts);
        return RouterFunctions.route()
            .GET("/login/{account}", login::status)
            .POST("/login/{account}/phone", login::phone)
            .POST("/login/{account}/code", login::code)
            .POST("/login/{account}/password", login::password)
            .POST("/login/{account}/resend", login::resend)
            .POST("/login/{account}/cancel", login::cancel)
            .build();
    }
}
