package io.mtflux.interop;

import io.mtflux.auth.LoginPrompts;
import io.mtflux.testkit.LoginCode;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.api.Phones;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Login prompts that answer codes from the cluster's code feed (never guessed), the first code made wrong on
 * request, a fixed password, and the names {@code Flux User} for a sign-up; every error is recorded and the flow
 * decides as by default. The feed is subscribed at creation, before {@code auth.sendCode}, and the newest code of
 * the phone is replayed to each ask.
 */
final class CodeFeedPrompts {
    final AtomicInteger codeAsks = new AtomicInteger();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final LoginPrompts prompts;

    /**
     * @param cluster the cluster whose codes answer
     * @param phone the number to log in
     * @param firstCodeWrong answer the first ask with a wrong code (every digit changed)
     * @param password the 2FA password
     * @param wait how long to wait for a code
     * @param subscriptions takes the feed's subscription, to dispose of after the test
     */
    CodeFeedPrompts(TestCluster cluster, String phone, boolean firstCodeWrong, String password, Duration wait,
                    Consumer<Disposable> subscriptions) {
        String digits = Phones.normalize(phone);
        Flux<String> codes = cluster.codes().filter(c -> c.phone().equals(digits)).map(LoginCode::code)
            .replay(1).autoConnect(0, subscriptions);
        this.prompts = LoginPrompts.builder()
            .phone(phone)
            .code(sent -> {
                int ask = codeAsks.incrementAndGet();
                return codes.next().timeout(wait).map(code -> firstCodeWrong && ask == 1
                    ? code.chars().mapToObj(d -> String.valueOf((d - '0' + 1) % 10)).reduce("", String::concat)
                    : code);
            })
            .password(password)
            .signUp("Flux", "User")
            .onError(error -> {
                errors.add(error);
                return Mono.empty();
            })
            .build();
    }
}
