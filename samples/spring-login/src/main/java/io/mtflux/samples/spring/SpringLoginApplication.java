package io.mtflux.samples.spring;

import io.mtflux.accounts.AccountManager;
import java.util.Arrays;
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
