package io.mtflux.web;

import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The pages of one account: {@code /accounts/{id}} (state, DC, user, last error, flood wait),
 * {@code /accounts/{id}/login} (phone, code, password, sign-up), {@code /accounts/{id}/bot} and
 * {@code /accounts/{id}/qr}, each a template from the jar in the console's layout. {@code static/login.js} asks
 * {@code GET /api/accounts/{id}} where the login is and shows that step's form, so a reload (or another console on
 * the same store) resumes at the right step.
 */
final class LoginPages implements ConsolePart {

    @Override
    public void register(HttpServerRoutes routes, ConsoleContext ctx) {
        Guard guard = ctx.guard();
        routes.get(ctx.path("/accounts/{id}/login"),
            guard.page((req, res) -> page(ctx, "login", "Log in", req, res)));
        routes.get(ctx.path("/accounts/{id}/bot"), guard.page((req, res) -> page(ctx, "bot", "Bot login", req, res)));
        routes.get(ctx.path("/accounts/{id}/qr"), guard.page((req, res) -> page(ctx, "qr", "QR login", req, res)));
        routes.get(ctx.path("/accounts/{id}"), guard.page((req, res) -> page(ctx, "account", "Account", req, res)));
    }

    private static Publisher<Void> page(ConsoleContext ctx, String name, String title, HttpServerRequest req,
                                        HttpServerResponse res) {
        String id = req.param("id");
        return Pages.render(ctx, req, res, name, title + " " + id, Map.of("accountId", id));
    }
}
