package com.example.boot;

import io.mtflux.core.client.ClientResources;
import io.mtflux.core.store.SessionStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A WebFlux application with the mtflux starter: it starts on a free port with mtflux's beans, answers its own
 * route (which reads an mtflux bean) over HTTP, and stops.
 */
@SpringBootApplication
public class Main {
    @Bean
    RouterFunction<ServerResponse> mtfluxRoute(SessionStore store, ClientResources resources) {
        return RouterFunctions.route().GET("/mtflux-store", request -> ServerResponse.ok()
            .bodyValue(store.getClass().getSimpleName() + " " + resources.isShutdown())).build();
    }

    public static void main(String[] args) throws Exception {
        ConfigurableApplicationContext context = new SpringApplication(Main.class)
            .run("--server.port=0", "--spring.main.banner-mode=off");
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mtflux-store"))
                .build();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || !answer.body().equals("InMemorySessionStore false")) {
                throw new IllegalStateException("GET /mtflux-store answered " + answer.statusCode() + " "
                    + answer.body());
            }
        } finally {
            context.close();
        }
        System.out.println("mtflux consumer: ok");
    }
}
