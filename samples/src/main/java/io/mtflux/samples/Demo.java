package io.mtflux.samples;

import io.mtflux.auth.AuthClient;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.QrLoginStep;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;

/**
 * The README's main job: the offline login demo. It starts an embedded testkit cluster of 3 fake DCs on
 * loopback and runs, with mtflux's own client, every kind of login a service needs, taking the login codes from
 * the cluster (no input). Each step prints its timing; a summary closes the run; the exit code is 0 only when
 * every step passed.
 */
public final class Demo {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";

    private final PrintStream out;
    private final List<String> failures = new ArrayList<>();
    private TestCluster cluster;

    private Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(DemoConsole.WEB)) {
            // the web console on the demo's cluster (DemoConsole); without --web the demo runs as it always did
            System.exit(DemoConsole.run(args, System.in, System.out, System.err, System.getenv(), true));
        }
        System.exit(run(System.out));
    }

    /** Runs the demo, printing to {@code out}; returns the exit code. */
    static int run(PrintStream out) {
        return new Demo(out).all();
    }

    private int all() {
        long start = System.nanoTime();
        out.println("mtflux offline demo: an embedded 3-DC MTProto cluster on loopback, our client against it");
        step("start the cluster (3 DCs, fresh RSA key)", () -> {
            cluster = Testkit.cluster().dcs(3)
                .user(TestUser.of("+1 555 010 0001").dc(3).name("Ann", "Lee"))
                .user(TestUser.of("+1 555 010 0002").dc(1).name("Bob", "Ray").password("hunter2", "his pet"))
                .bot(TestBot.of("700001:AAE-demo-bot-token").dc(2).name("Helper"))
                .start().block(WAIT);
            return cluster.dcCount() + " DCs on ports " + cluster.endpoints().stream()
                .map(e -> String.valueOf(e.port())).toList();
        });
        if (cluster == null) {
            return summary(start);
        }
        try {
            scenarios();
        } finally {
            cluster.stop().block(WAIT);
        }
        return summary(start);
    }

    private void scenarios() {
        step("sign-up of a new number (99966 2 4242, home DC 2)", () -> {
            try (DemoAccount a = account()) {
                User user = a.flows.login(prompts("9996624242", null)).block(WAIT);
                return describe(user);
            }
        });
        step("login of an existing user whose home DC is 3 (PHONE_MIGRATE from DC 2)", () -> {
            try (DemoAccount a = account()) {
                User user = a.flows.login(prompts("+1 555 010 0001", null)).block(WAIT);
                return describe(user) + ", home DC now " + a.client.session().homeDc();
            }
        });
        step("2FA login (SRP, the password proof computed off the event loop)", () -> {
            try (DemoAccount a = account()) {
                User user = a.flows.login(prompts("+1 555 010 0002", "hunter2")).block(WAIT);
                return describe(user);
            }
        });
        step("a wrong code, then the right one", () -> {
            try (DemoAccount a = account()) {
                List<Throwable> errors = new ArrayList<>();
                int[] asked = {0};
                LoginPrompts wrongFirst = LoginPrompts.builder().phone("+1 555 010 0001")
                    .code(sent -> asked[0]++ == 0 ? Mono.just("00000") : codeOf("+1 555 010 0001"))
                    .onError(error -> {
                        errors.add(error);
                        return Mono.empty();
                    })
                    .build();
                User user = a.flows.login(wrongFirst).block(WAIT);
                return describe(user) + " after " + errors.get(0).getClass().getSimpleName();
            }
        });
        step("bot login", () -> {
            try (DemoAccount a = account()) {
                return describe(a.flows.login(LoginPrompts.builder().botToken("700001:AAE-demo-bot-token").build())
                    .block(WAIT));
            }
        });
        step("QR login accepted from another session", () -> {
            try (DemoAccount waiting = account(); DemoAccount phone = account()) {
                phone.flows.login(prompts("+1 555 010 0001", null)).block(WAIT);
                int[] shown = {0};
                // the QR flow shows tokens until the pushed updateLoginToken says one was accepted
                QrLoginStep done = waiting.flows.startQr(LoginPrompts.builder().build())
                    .concatMap(step -> step instanceof QrLoginStep.Token token && shown[0]++ == 0
                        ? phone.auth.acceptLoginToken(token.token()).thenReturn(step) : Mono.just(step))
                    .blockLast(WAIT);
                // the token is a secret (whoever has it logs in): it is not shown
                return describe(((QrLoginStep.Authorized) done).user()) + " via the tg://login QR flow";
            }
        });
        step("reconnect after the cluster drops every connection", () -> {
            try (DemoAccount a = account()) {
                a.flows.login(prompts("+1 555 010 0001", null)).block(WAIT);
                for (int dc = 1; dc <= cluster.dcCount(); dc++) {
                    cluster.dc(dc).dropConnections();
                }
                return "still logged in as " + describe(a.auth.me().block(WAIT));
            }
        });
        step("logout", () -> {
            try (DemoAccount a = account()) {
                a.flows.login(prompts("+1 555 010 0001", null)).block(WAIT);
                a.auth.logOut().block(WAIT);
                return "authorized afterwards: " + a.auth.isAuthorized().block(WAIT);
            }
        });
    }

    /** One demo account: a client with its own session store, closed after the step. */
    private final class DemoAccount implements AutoCloseable {
        final MtprotoClient client;
        final AuthClient auth;
        final LoginFlows flows;

        DemoAccount() {
            SessionStore store = new InMemorySessionStore();
            client = MtprotoClient.create(ClientOptions.builder()
                .apiId(1).apiHash(API_HASH).dcOptions(cluster.dcOptions())
                .sessionStore(store).build());
            client.connect().block(WAIT);
            auth = AuthClient.create(client);
            flows = LoginFlows.create(client);
        }

        @Override
        public void close() {
            client.close().block(WAIT);
        }
    }

    private DemoAccount account() {
        return new DemoAccount();
    }

    /** The code the cluster sent {@code phone} last, read when the flow asks for it (as a service would). */
    private Mono<String> codeOf(String phone) {
        return Mono.fromSupplier(() -> cluster.lastCode(phone).orElseThrow().code());
    }

    /** Prompts that read the login code from the cluster; a password when given; names for a sign-up. */
    private LoginPrompts prompts(String phone, String password) {
        LoginPrompts.Builder prompts = LoginPrompts.builder().phone(phone).code(sent -> codeOf(phone))
            .signUp("Demo", "User");
        return password == null ? prompts.build() : prompts.password(password).build();
    }

    private static String describe(User user) {
        if (user instanceof BaseUser u) {
            return (u.bot() ? "bot " : "user ") + u.id() + " (" + u.firstName()
                + (u.lastName() == null ? "" : " " + u.lastName()) + ")";
        }
        return user.tlName();
    }

    private void step(String name, Callable<String> body) {
        long t0 = System.nanoTime();
        try {
            String result = body.call();
            out.printf("  ok   %-72s %6d ms  %s%n", name, (System.nanoTime() - t0) / 1_000_000, result);
        } catch (Exception | AssertionError e) {
            failures.add(name);
            out.printf("  FAIL %-72s %6d ms  %s%n", name, (System.nanoTime() - t0) / 1_000_000, e);
        }
    }

    private int summary(long start) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (failures.isEmpty()) {
            out.printf("all steps passed in %d ms%n", ms);
            return 0;
        }
        out.printf("%d step(s) failed in %d ms: %s%n", failures.size(), ms, failures);
        return 1;
    }
}
